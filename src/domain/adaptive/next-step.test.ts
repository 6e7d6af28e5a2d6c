import { describe, expect, it } from 'vitest';
import type { Item } from '../bank/item.js';
import { createRng } from '../rng.js';
import type { AdaptiveConfig } from './adaptive-config.js';
import { createAdaptiveState, recordResponse, type AdaptiveState } from './adaptive-state.js';
import { exposureUpdate, type ExposureCount, type ExposureCounts } from './exposure.js';
import { nextStep } from './next-step.js';
import { buildItem } from './testing/build-item.js';
import { SKILL_AREAS } from '../bank/item.js';

const bank: Item[] = Array.from({ length: 120 }, (_, i) =>
  buildItem({
    id: `n.${i}`,
    area: SKILL_AREAS[i % 4]!,
    irt: i % 6 === 5 ? { model: 'grm', a: 0.8 + (i % 5) * 0.2, thresholds: [-1.5, -0.5, 0.5, 1.5].map((t) => t + ((i * 13) % 9) / 4 - 1) } : { model: i % 2 ? '3pl' : '2pl', a: 0.6 + ((i * 7) % 11) / 8, b: ((i * 17) % 25) / 6 - 2, c: i % 2 ? 0.2 : 0 },
    ...(i % 10 === 3 ? { variantGroup: `g${i % 30}` } : {}),
  }),
);

/** A scripted candidate: answers from a seeded stream, so two runs answer identically. */
function interview(config: AdaptiveConfig, answerSeed: number, exposure?: ExposureCounts): { state: AdaptiveState; stop: string } {
  let state = createAdaptiveState(config);
  const rng = createRng(config.seed);
  const answers = createRng(answerSeed);
  for (;;) {
    const step = nextStep(bank, state, { rng, ...(exposure ? { exposure } : {}) }, state.responses.length * 60);
    if (step.kind === 'stop') return { state, stop: step.reason };
    const maxScore = step.item.irt.model === 'grm' ? 4 : 1;
    state = recordResponse(state, step.item, { score: Math.floor(answers.next() * (maxScore + 1)), maxScore }, step.reason);
  }
}

describe('nextStep', () => {
  it('replays: the same seed and answers give the same items, reasons and estimates', () => {
    const config: AdaptiveConfig = { seed: 42, maxItems: 15, randomesque: 3, pretestRate: 0.2, areaWeights: { lookups: 1, 'dates-times': 1 } };
    const first = interview(config, 7);
    const second = interview(config, 7);
    expect(second.state.log).toEqual(first.state.log);
    expect(JSON.parse(JSON.stringify(first.state))).toEqual(first.state);
  });

  it.each([
    { config: { seed: 1, maxItems: 8, targetSe: 0 }, stop: 'max-items' },
    { config: { seed: 1, maxItems: 30, targetSe: 0.45, minItems: 3 }, stop: 'se-target' },
    { config: { seed: 1, maxItems: 30, maxTimeSec: 300, targetSe: 0 }, stop: 'max-time' },
    { config: { seed: 1, maxItems: 200, targetSe: 0, areaWeights: { lookups: 1 } }, stop: 'bank-exhausted' },
  ] as { config: AdaptiveConfig; stop: string }[])('stops for $stop', ({ config, stop }) => {
    expect(interview(config, 3).stop).toBe(stop);
  });

  it('keeps every item under an exposure cap of 0.25 across 400 interviews', () => {
    const items = new Map<string, ExposureCount>();
    let interviews = 0;
    const exposure = (): ExposureCounts => ({ interviews, items });
    const asked = new Map<string, number>();
    for (let n = 0; n < 400; n++) {
      const counts = exposure();
      const { state } = interview({ seed: 1000 + n, maxItems: 10, targetSe: 0, minItems: 10 }, n, counts);
      const update = exposureUpdate(bank, state, counts);
      for (const id of update.eligible) items.set(id, { ...(items.get(id) ?? { eligible: 0, administered: 0 }), eligible: (items.get(id)?.eligible ?? 0) + 1 });
      for (const id of update.administered) {
        items.set(id, { ...(items.get(id) ?? { eligible: 0, administered: 0 }), administered: (items.get(id)?.administered ?? 0) + 1 });
        asked.set(id, (asked.get(id) ?? 0) + 1);
      }
      for (const [id, price] of update.prices) items.set(id, { ...(items.get(id) ?? { eligible: 0, administered: 0 }), price });
      interviews += 1;
    }
    expect(Math.max(...asked.values()) / 400).toBeLessThanOrEqual(0.25);
  });
});
