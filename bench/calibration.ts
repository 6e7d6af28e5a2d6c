/**
 * Calibration recovery: simulated examinees answer a 50-item bank (2PL, and GRM with 5
 * categories); `calibrateItems` starts from uninformed values (a = 1, b = 0 or evenly spaced
 * thresholds) and the recovered parameters are compared with the truth. Two designs: complete
 * data, and CAT-style missing data (each examinee gets 15 of the 50 items chosen adaptively by
 * this engine with the true parameters, shadow-price exposure control at 0.5, so the data are
 * missing by design and depend on the examinee's answers).
 *
 *   npm run bench:calibration            1,000 examinees
 *   npm run bench:calibration -- --quick 400 examinees
 */
import type { IrtParams, Item } from '../src/domain/bank/item.js';
import { createRng, randomNormal, type Rng } from '../src/domain/rng.js';
import {
  calibrateItems,
  categoryProbabilities,
  createAdaptiveState,
  exposureUpdate,
  recordCategory,
  selectNextItem,
  type CalibrationResponse,
  type ExposureCount,
} from '../src/domain/adaptive/index.js';
import { argValue, hasFlag, writeResults } from './lib/results.js';
import { drawParams, syntheticAreas, syntheticItem } from './lib/synthetic-bank.js';
import { printTable } from './lib/table.js';

const quick = hasFlag('quick');
const PERSONS = Number(argValue('persons') ?? (quick ? 400 : 1000));
const ITEMS = 50;
const CAT_LENGTH = 15;
const SEED = Number(argValue('seed') ?? 20260502);

interface CalibrationRow {
  readonly model: string;
  readonly design: 'complete' | 'cat-missing';
  readonly persons: number;
  readonly items: number;
  readonly responses: number;
  readonly rmseA: number;
  readonly rmseB: number;
  readonly meanSeA: number;
  readonly meanSeB: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly seconds: number;
}

function drawCategory(rng: Rng, params: IrtParams, theta: number): number {
  let u = rng.next();
  const probs = categoryProbabilities(params, theta);
  for (let k = 0; k < probs.length - 1; k++) {
    if (u < (probs[k] ?? 0)) return k;
    u -= probs[k] ?? 0;
  }
  return probs.length - 1;
}

function completeData(bank: readonly Item[], thetas: readonly number[], rng: Rng): CalibrationResponse[] {
  const out: CalibrationResponse[] = [];
  thetas.forEach((theta, p) => {
    for (const item of bank) out.push({ personId: `p${p}`, itemId: item.id, category: drawCategory(rng, item.irt, theta) });
  });
  return out;
}

function catData(bank: readonly Item[], thetas: readonly number[], rng: Rng): CalibrationResponse[] {
  const out: CalibrationResponse[] = [];
  const items = new Map<string, ExposureCount>();
  thetas.forEach((theta, p) => {
    let state = createAdaptiveState({ seed: SEED + p, minItems: CAT_LENGTH, maxItems: CAT_LENGTH, targetSe: 0, exposure: { method: 'shadow-price', cap: 0.5 } });
    const exposure = { interviews: p, items };
    const selectionRng = createRng(SEED + 31 * p);
    for (let k = 0; k < CAT_LENGTH; k++) {
      const pick = selectNextItem(bank, state, { rng: selectionRng, exposure });
      if (!pick) break;
      const category = drawCategory(rng, pick.item.irt, theta);
      state = recordCategory(state, pick.item, category, pick.reason);
      out.push({ personId: `p${p}`, itemId: pick.item.id, category });
    }
    const update = exposureUpdate(bank, state, exposure);
    for (const id of update.administered) items.set(id, { ...(items.get(id) ?? { eligible: 0, administered: 0 }), administered: (items.get(id)?.administered ?? 0) + 1 });
    for (const [id, price] of update.prices) items.set(id, { ...(items.get(id) ?? { eligible: 0, administered: 0 }), price });
  });
  return out;
}

function difficulties(p: IrtParams): readonly number[] {
  return p.model === 'grm' ? p.thresholds : [p.b];
}

function run(model: '2pl' | 'grm', design: CalibrationRow['design']): CalibrationRow {
  const rng = createRng(SEED + (model === '2pl' ? 1 : 2));
  const areas = syntheticAreas(5);
  const bank = Array.from({ length: ITEMS }, (_, i) => syntheticItem(`cal.${model}-${i}`, areas[i % 5] ?? 'lookups', drawParams(rng, model)));
  const thetas = Array.from({ length: PERSONS }, () => randomNormal(rng));
  const responses = design === 'complete' ? completeData(bank, thetas, rng) : catData(bank, thetas, rng);
  const start = bank.map((item) => ({
    id: item.id,
    irt: model === 'grm' ? ({ model, a: 1, thresholds: [-1.5, -0.5, 0.5, 1.5] } as IrtParams) : ({ model, a: 1, b: 0, c: 0 } as IrtParams),
  }));
  const began = performance.now();
  const result = calibrateItems(responses, start, { minResponses: 50 });
  const seconds = (performance.now() - began) / 1000;
  const aErrors: number[] = [];
  const bErrors: number[] = [];
  const seA: number[] = [];
  const seB: number[] = [];
  result.items.forEach((item, i) => {
    const truth = (bank[i] as Item).irt;
    if (item.status !== 'calibrated') return;
    aErrors.push(item.params.a - truth.a);
    const estimated = difficulties(item.params);
    difficulties(truth).forEach((b, k) => bErrors.push((estimated[k] ?? NaN) - b));
    seA.push(item.se?.a ?? NaN);
    seB.push(...(item.se?.thresholds ?? [item.se?.b ?? NaN]));
  });
  const rms = (v: readonly number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
  const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  return {
    model,
    design,
    persons: PERSONS,
    items: result.items.filter((i) => i.status === 'calibrated').length,
    responses: responses.length,
    rmseA: rms(aErrors),
    rmseB: rms(bErrors),
    meanSeA: mean(seA),
    meanSeB: mean(seB),
    iterations: result.iterations,
    converged: result.converged,
    seconds,
  };
}

function main(): void {
  const rows: CalibrationRow[] = [];
  for (const model of ['2pl', 'grm'] as const) for (const design of ['complete', 'cat-missing'] as const) rows.push(run(model, design));
  printTable(`Calibration recovery: ${PERSONS} examinees x ${ITEMS} items (MML-EM, Bock-Aitkin)`, rows, [
    { header: 'model', value: (r) => r.model },
    { header: 'design', value: (r) => r.design },
    { header: 'responses', value: (r) => r.responses, digits: 0 },
    { header: 'calibrated', value: (r) => r.items, digits: 0 },
    { header: 'rmse a', value: (r) => r.rmseA },
    { header: 'rmse b', value: (r) => r.rmseB },
    { header: 'mean SE a', value: (r) => r.meanSeA },
    { header: 'mean SE b', value: (r) => r.meanSeB },
    { header: 'EM cycles', value: (r) => r.iterations, digits: 0 },
    { header: 'converged', value: (r) => (r.converged ? 'yes' : 'no') },
    { header: 'seconds', value: (r) => r.seconds, digits: 1 },
  ]);
  console.log(`wrote ${writeResults('calibration', { persons: PERSONS, items: ITEMS, catLength: CAT_LENGTH, seed: SEED, rows })}`);
}

main();
