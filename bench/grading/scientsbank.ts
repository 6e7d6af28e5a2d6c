/**
 * SciEntsBank (SemEval-2013 task 7): 2-way accuracy (correct vs contradictory/incorrect) on
 * unseen answers and unseen questions. Each answer is compared with the question's best-matching
 * reference answer; the classifier and its decision threshold are fitted on the training split
 * only (the threshold from question-grouped cross-validation on it). Baselines: majority class,
 * stemmed overlap with logistic regression, and the previous blend.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crossPredict, fitBoosted, fitLogistic, type Learner, type Model } from './fit-models.js';
import { accuracy } from '../lib/statistics.js';
import { TextCache, legacyFeatures, measureAnswer, pseudoItem, shortAnswerFeatures, type AnswerMeasures } from './short-answer-features.js';

interface SebQuestion {
  readonly id: string;
  readonly question: string;
  readonly references: string[];
  readonly answers: { text: string; correct: boolean }[];
}

function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function readSeb(dir: string): SebQuestion[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => {
      const xml = readFileSync(join(dir, f), 'utf8');
      const question = decodeXml(/<questionText>([\s\S]*?)<\/questionText>/.exec(xml)?.[1] ?? '');
      const references = [...xml.matchAll(/<referenceAnswer[^>]*>([\s\S]*?)<\/referenceAnswer>/g)].map((m) => decodeXml(m[1] ?? ''));
      const answers = [...xml.matchAll(/<studentAnswer[^>]*accuracy="([a-z_]+)"[^>]*>([\s\S]*?)<\/studentAnswer>/g)].map((m) => ({ text: decodeXml(m[2] ?? ''), correct: m[1] === 'correct' }));
      return { id: f, question, references, answers };
    });
}

interface SebRow {
  readonly question: string;
  readonly x: number[];
  readonly legacy: number[];
  readonly base: number[];
  readonly y: number;
}

/** The reference the answer matches best: highest alignment F1, then grader coverage. */
function closest(measures: readonly AnswerMeasures[]): AnswerMeasures | undefined {
  let best: AnswerMeasures | undefined;
  for (const m of measures) {
    const key = m.comparison.f1 + m.analysis.raw;
    if (!best || key > best.comparison.f1 + best.analysis.raw) best = m;
  }
  return best;
}

function sebRows(questions: readonly SebQuestion[], texts: TextCache): SebRow[] {
  return questions.flatMap((q) => {
    const question = texts.analyze(q.question);
    const references = q.references.map((ref, k) => ({ item: pseudoItem(`${q.id}#${k}`, q.question, [ref]), ref: texts.analyze(ref) }));
    return q.answers.flatMap((a) => {
      const best = closest(references.map(({ item, ref }) => measureAnswer(item, question, ref, a.text)));
      if (!best) return [];
      return [{ question: q.id, x: shortAnswerFeatures(best), legacy: legacyFeatures(best), base: [best.overlap.recall], y: a.correct ? 1 : 0 }];
    });
  });
}

export interface SebResult {
  readonly accuracyUnseenAnswers: number;
  readonly accuracyUnseenQuestions: number;
  /** Decision threshold on the predicted probability, chosen on the training split. */
  readonly threshold: number;
  readonly baselineOverlap: { unseenAnswers: number; unseenQuestions: number };
  readonly baselineMajority: { unseenAnswers: number; unseenQuestions: number };
  readonly previousBlend: { unseenAnswers: number; unseenQuestions: number };
  readonly ablations: Record<string, { unseenAnswers: number; unseenQuestions: number }>;
  readonly n: { train: number; unseenAnswers: number; unseenQuestions: number };
}

const boostedStumps: Learner = (rows, labels) => fitBoosted(rows, labels, { rounds: 300, learningRate: 0.05, depth: 1, minLeaf: 40, loss: 'logistic' });
const logistic: Learner = (rows, labels) => fitLogistic(rows, labels);

/** Question-grouped folds (5) over the training split: thresholds are chosen as for unseen questions. */
function foldOf(question: string): string {
  let h = 0;
  for (const ch of question) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return String(h % 5);
}

/** The probability cut that maximises out-of-fold accuracy on the training split. */
function chooseThreshold(train: readonly SebRow[], pick: (d: SebRow) => number[], learner: Learner): number {
  const rows = train.map(pick);
  const labels = train.map((d) => d.y);
  const oof = crossPredict(rows, labels, train.map((d) => foldOf(d.question)), learner);
  let best = 0.5;
  let bestCorrect = -1;
  for (let t = 0.3; t <= 0.701; t += 0.01) {
    const correct = oof.filter((p, i) => (p >= t ? 1 : 0) === labels[i]).length;
    if (correct > bestCorrect) {
      bestCorrect = correct;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

export function benchSciEntsBank(datasetsDir: string, withAblations = true): SebResult | undefined {
  const root = join(datasetsDir, 'semeval2013-task7-3way');
  const texts = new TextCache();
  const train = sebRows(readSeb(join(root, 'training', 'sciEntsBank')), texts);
  if (train.length === 0) return undefined;
  const ua = sebRows(readSeb(join(root, 'test', 'sciEntsBank', 'test-unseen-answers')), texts);
  const uq = sebRows(readSeb(join(root, 'test', 'sciEntsBank', 'test-unseen-questions')), texts);
  const accuracyOn = (set: readonly SebRow[], model: Model, pick: (d: SebRow) => number[], threshold: number) =>
    accuracy(set.map((d) => (model(pick(d)) >= threshold ? 1 : 0)), set.map((d) => d.y));
  const evaluate = (pick: (d: SebRow) => number[], learner: Learner, tuneThreshold: boolean) => {
    const model = learner(train.map(pick), train.map((d) => d.y), train.map((d) => d.question));
    const threshold = tuneThreshold ? chooseThreshold(train, pick, learner) : 0.5;
    return { unseenAnswers: accuracyOn(ua, model, pick, threshold), unseenQuestions: accuracyOn(uq, model, pick, threshold), threshold };
  };
  const majority = (set: readonly SebRow[]) => {
    const trainCorrect = train.filter((d) => d.y === 1).length > train.length / 2 ? 1 : 0;
    return set.filter((d) => d.y === trainCorrect).length / Math.max(1, set.length);
  };
  const shipped = evaluate((d) => d.x, boostedStumps, true);
  const strip = ({ unseenAnswers, unseenQuestions }: { unseenAnswers: number; unseenQuestions: number }) => ({ unseenAnswers, unseenQuestions });
  return {
    accuracyUnseenAnswers: shipped.unseenAnswers,
    accuracyUnseenQuestions: shipped.unseenQuestions,
    threshold: shipped.threshold,
    baselineOverlap: strip(evaluate((d) => d.base, logistic, false)),
    baselineMajority: { unseenAnswers: majority(ua), unseenQuestions: majority(uq) },
    previousBlend: strip(evaluate((d) => d.legacy, logistic, false)),
    ablations: withAblations
      ? {
          'boosted stumps, threshold 0.5': strip(evaluate((d) => d.x, boostedStumps, false)),
          'logistic regression, all features, threshold 0.5': strip(evaluate((d) => d.x, logistic, false)),
          'boosted stumps, previous features only, tuned threshold': strip(evaluate((d) => d.legacy, boostedStumps, true)),
        }
      : {},
    n: { train: train.length, unseenAnswers: ua.length, unseenQuestions: uq.length },
  };
}
