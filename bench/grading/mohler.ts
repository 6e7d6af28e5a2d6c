/**
 * Mohler 2011 (UNT data structures course): Pearson r and RMSE against score_avg, scoring each
 * answer from its question and reference answer only; everything fitted is fitted
 * leave-one-assignment-out. Same-run baselines: stemmed word overlap, and the previous blend.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConceptItem } from '../../src/domain/bank/item.js';
import { crossPredict, fitBoosted, fitRidge, ridgeIsotonicLearner, type Learner } from './fit-models.js';
import { TextCache, comparisonFeatures, legacyFeatures, measureAnswer, pseudoItem, shortAnswerFeatures } from './short-answer-features.js';
import { pearson, rmse } from '../lib/statistics.js';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}

export interface Agreement {
  readonly r: number;
  readonly rmse: number;
}

export interface MohlerResult extends Agreement {
  readonly n: number;
  /** The grader's raw coverage alone, ridge-fitted. */
  readonly rawR: number;
  readonly baseline: Agreement;
  /** The blend this benchmark used before (grader coverage, overlap, length; ridge). */
  readonly previousBlend: Agreement;
  /** Ablations of the shipped method, each fitted leave-one-assignment-out too. */
  readonly ablations: Record<string, Agreement>;
}

/** Ridge penalties (on standardised features) the inner loop chooses from. */
const PENALTIES = [10, 30, 100, 300, 1000, 3000];
const SCALE: readonly [number, number] = [0, 5];

const clipped = (learner: Learner): Learner => (rows, targets, groups) => {
  const model = learner(rows, targets, groups);
  return (row) => Math.min(SCALE[1], Math.max(SCALE[0], model(row)));
};
const ridge = (penalty: number): Learner => clipped((rows, targets) => fitRidge(rows, targets, penalty));
const stumps: Learner = clipped((rows, targets) => fitBoosted(rows, targets, { rounds: 300, learningRate: 0.03, depth: 1, minLeaf: 40, loss: 'squared' }));

export function benchMohler(datasetsDir: string, withAblations = true): MohlerResult | undefined {
  const file = join(datasetsDir, 'mohler2011', 'mohler_dataset_edited.csv');
  if (!existsSync(file)) return undefined;
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8')).filter((r) => r.length > 5);
  const col = (name: string) => header?.indexOf(name) ?? -1;
  const [cId, cQ, cRef, cAns, cAvg] = ['id', 'question', 'desired_answer', 'student_answer', 'score_avg'].map(col) as [number, number, number, number, number];
  const items = new Map<string, ConceptItem>();
  const texts = new TextCache();
  const data = rows.map((r) => {
    const id = r[cId] ?? '';
    const question = r[cQ] ?? '';
    const reference = r[cRef] ?? '';
    let item = items.get(id);
    if (!item) {
      item = pseudoItem(id, question, [reference]);
      items.set(id, item);
    }
    const measures = measureAnswer(item, texts.analyze(question), texts.analyze(reference), r[cAns] ?? '');
    return {
      assignment: id.split('.')[0] ?? '',
      score: Number(r[cAvg]),
      features: shortAnswerFeatures(measures),
      legacy: legacyFeatures(measures),
      comparison: comparisonFeatures(measures),
      raw: [measures.analysis.raw],
      overlap: [measures.overlap.recall],
    };
  });
  const truth = data.map((d) => d.score);
  const groups = data.map((d) => d.assignment);
  const run = (pick: (d: (typeof data)[number]) => number[], learner: Learner): Agreement => {
    const predicted = crossPredict(data.map(pick), truth, groups, learner);
    return { r: pearson(predicted, truth), rmse: rmse(predicted, truth) };
  };
  // The previous benchmark's ridge: a small penalty relative to the sample size.
  const previousRidge = ridge(1e-3 * data.length);
  const shipped = run((d) => d.features, ridgeIsotonicLearner(PENALTIES, SCALE));
  const ablations: Record<string, Agreement> = withAblations
    ? {
        'ridge (penalty 100), no isotonic, all features': run((d) => d.features, ridge(100)),
        'ridge, small penalty, all features': run((d) => d.features, previousRidge),
        'boosted stumps (300 × 0.03), all features': run((d) => d.features, stumps),
        'ridge + isotonic, previous features only': run((d) => d.legacy, ridgeIsotonicLearner(PENALTIES, SCALE)),
        'ridge + isotonic, compareToReference features only (no pseudo-rubric)': run((d) => d.comparison, ridgeIsotonicLearner(PENALTIES, SCALE)),
      }
    : {};
  return {
    ...shipped,
    n: data.length,
    rawR: run((d) => d.raw, previousRidge).r,
    baseline: run((d) => d.overlap, previousRidge),
    previousBlend: run((d) => d.legacy, previousRidge),
    ablations,
  };
}
