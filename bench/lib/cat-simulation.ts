/**
 * CAT simulation helpers shared by the benches: run this engine or jsCAT over simulees with
 * common random numbers (simulee s answers item i correctly iff U[s·bank + i] < P(θ_s, item i)),
 * and summarise a run into one table row.
 */
import jscatModule from '@bdelab/jscat';
import type { Stimulus } from '@bdelab/jscat/lib/type.js';
import type { Item, SkillArea } from '../../src/domain/bank/item.js';
import { createRng, randomNormal } from '../../src/domain/rng.js';
import {
  createAdaptiveState,
  exposureUpdate,
  nextStep,
  recordCategory,
  type AdaptiveConfig,
  type ExposureCount,
  type ExposureCounts,
} from '../../src/domain/adaptive/index.js';
import { probabilityCorrect } from '../../src/domain/adaptive/irt-model.js';

const { Cat } = jscatModule;

/** One simulee's interview: the final estimate and the items asked, in order. */
export interface Administered {
  readonly estimate: number;
  readonly items: readonly Item[];
}

export interface Run {
  readonly results: readonly Administered[];
  readonly ms: number;
}

export interface CatRow {
  readonly engine: string;
  readonly mode: 'unconstrained' | 'operational';
  readonly bank: string;
  readonly condition: string;
  readonly simulees: number;
  readonly rmse: number;
  readonly bias: number;
  readonly meanItems: number;
  readonly maxExposure: number;
  readonly unusedShare: number;
  readonly contentMad: number;
  readonly msPerSimulee: number;
  readonly msPerItem: number;
}

export function summarize(engine: string, mode: CatRow['mode'], bank: string, condition: string, thetas: readonly number[], run: Run, count: number, areas: readonly SkillArea[], bankSize: number): CatRow {
  const results = run.results.slice(0, count);
  let se = 0;
  let bias = 0;
  let items = 0;
  let mad = 0;
  const exposure = new Map<string, number>();
  results.forEach((r, s) => {
    const err = r.estimate - (thetas[s] ?? 0);
    se += err * err;
    bias += err;
    items += r.items.length;
    const perArea = new Map<SkillArea, number>();
    for (const item of r.items) {
      exposure.set(item.id, (exposure.get(item.id) ?? 0) + 1);
      perArea.set(item.area, (perArea.get(item.area) ?? 0) + 1);
    }
    mad += areas.reduce((sum, area) => sum + Math.abs((perArea.get(area) ?? 0) / Math.max(r.items.length, 1) - 1 / areas.length), 0) / areas.length;
  });
  const n = results.length;
  const maxExposure = Math.max(...exposure.values()) / n;
  const ms = (run.ms * n) / run.results.length;
  return {
    engine,
    mode,
    bank,
    condition,
    simulees: n,
    rmse: Math.sqrt(se / n),
    bias: bias / n,
    meanItems: items / n,
    maxExposure,
    unusedShare: 1 - exposure.size / bankSize,
    contentMad: mad / n,
    msPerSimulee: ms / n,
    msPerItem: ms / items,
  };
}

/**
 * Runs this engine over the simulees in order, counting exposure across them as a store would.
 * `warmup` simulees (other θ draws, other random numbers) run first to learn the exposure
 * control parameters (shadow prices) the way a live system has them after its first
 * interviews; their counts are then reset, so reported exposure covers measured simulees only.
 */
export function runEngine(
  bank: readonly Item[],
  thetas: readonly number[],
  uniforms: Float64Array,
  config: Omit<AdaptiveConfig, 'seed'>,
  seed: number,
  warmup = 0,
): Run {
  const bankSize = bank.length;
  const index = new Map(bank.map((item, i) => [item.id, i]));
  let counts = new Map<string, ExposureCount>();
  let interviews = 0;
  const exposure = (): ExposureCounts => ({ interviews, items: counts });

  const interview = (theta: number, interviewSeed: number, uniformOf: (i: number) => number): Administered => {
    const rng = createRng(interviewSeed);
    let state = createAdaptiveState({ ...config, seed: interviewSeed ^ 0x5bd1e995 });
    const context = { rng, exposure: exposure() };
    const asked: Item[] = [];
    for (;;) {
      const step = nextStep(bank, state, context, 0);
      if (step.kind === 'stop') break;
      const u = uniformOf(index.get(step.item.id) ?? 0);
      const category = step.item.irt.model !== 'grm' && u < probabilityCorrect(step.item.irt, theta) ? 1 : 0;
      state = recordCategory(state, step.item, category, step.reason);
      asked.push(step.item);
    }
    if (config.exposure?.method !== 'none') {
      const update = exposureUpdate(bank, state, context.exposure);
      for (const id of update.eligible) {
        const c = counts.get(id) ?? { eligible: 0, administered: 0 };
        counts.set(id, { ...c, eligible: c.eligible + 1 });
      }
      for (const id of update.administered) {
        const c = counts.get(id) ?? { eligible: 0, administered: 0 };
        counts.set(id, { ...c, administered: c.administered + 1 });
      }
      for (const [id, price] of update.prices) {
        const c = counts.get(id) ?? { eligible: 0, administered: 0 };
        counts.set(id, { ...c, price });
      }
    }
    interviews += 1;
    return { estimate: state.theta, items: asked };
  };

  if (warmup > 0) {
    const warmRng = createRng(seed ^ 0x2545f491);
    for (let s = 0; s < warmup; s++) {
      const theta = randomNormal(warmRng);
      interview(theta, seed + 1_000_003 * (s + 1), () => warmRng.next());
    }
    counts = new Map([...counts].map(([id, c]) => [id, { eligible: 0, administered: 0, ...(c.price === undefined ? {} : { price: c.price }) }]));
    interviews = 0;
  }

  const results: Administered[] = [];
  const start = performance.now();
  for (let s = 0; s < thetas.length; s++) {
    results.push(interview(thetas[s] ?? 0, seed + 7919 * s, (i) => uniforms[s * bankSize + i] ?? 0));
  }
  return { results, ms: performance.now() - start };
}

/** jsCAT with EAP (N(0,1) prior) and maximum Fisher information, as its README configures it. */
export function runJscat(bank: readonly Item[], thetas: readonly number[], uniforms: Float64Array, maxItems: number, targetSe: number | undefined, snapshots: readonly number[]): Map<number, Run> {
  const bankSize = bank.length;
  const stimuli: Stimulus[] = bank.map((item, i) => {
    const irt = item.irt as Extract<Item['irt'], { model: '2pl' | '3pl' }>;
    return { a: irt.a, b: irt.b, c: irt.c, d: 1, index: i };
  });
  const perSnapshot = new Map<number, Administered[]>(snapshots.map((k) => [k, []]));
  const timeAt = new Map<number, number>(snapshots.map((k) => [k, 0]));
  for (let s = 0; s < thetas.length; s++) {
    const cat = new Cat({ method: 'EAP', itemSelect: 'MFI', randomSeed: `sim-${s}` });
    let remaining = stimuli;
    const asked: Item[] = [];
    const start = performance.now();
    while (asked.length < maxItems && !(targetSe !== undefined && asked.length > 0 && cat.seMeasurement < targetSe)) {
      const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining);
      if (!nextStimulus) break;
      remaining = remainingStimuli;
      const i = nextStimulus.index as number;
      const item = bank[i] as Item;
      const u = uniforms[s * bankSize + i] ?? 0;
      const answer = u < probabilityCorrect(item.irt as Extract<Item['irt'], { model: '2pl' | '3pl' }>, thetas[s] ?? 0) ? 1 : 0;
      cat.updateAbilityEstimate(nextStimulus, answer);
      asked.push(item);
      const snapshot = perSnapshot.get(asked.length);
      if (snapshot && asked.length < maxItems) {
        snapshot.push({ estimate: cat.theta, items: [...asked] });
        timeAt.set(asked.length, (timeAt.get(asked.length) ?? 0) + performance.now() - start);
      }
    }
    const last = perSnapshot.get(maxItems);
    last?.push({ estimate: cat.theta, items: asked });
    timeAt.set(maxItems, (timeAt.get(maxItems) ?? 0) + performance.now() - start);
  }
  return new Map(snapshots.map((k) => [k, { results: perSnapshot.get(k) ?? [], ms: timeAt.get(k) ?? 0 }]));
}

