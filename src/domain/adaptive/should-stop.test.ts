import { describe, expect, it } from 'vitest';
import type { IrtParams } from '../bank/item.js';
import type { AdaptiveConfig } from './adaptive-config.js';
import { createAdaptiveState, recordCategory, type AdaptiveState } from './adaptive-state.js';
import { shouldStop } from './should-stop.js';
import { buildItem } from './testing/build-item.js';

const sharp: IrtParams = { model: '2pl', a: 3, b: 0, c: 0 };

function answered(config: AdaptiveConfig, count: number, kind: 'choice' | 'formula' = 'choice'): AdaptiveState {
  let state = createAdaptiveState(config);
  for (let i = 0; i < count; i++) state = recordCategory(state, buildItem({ id: `s.${i}`, irt: sharp, kind }), i % 2);
  return state;
}

describe('shouldStop', () => {
  it.each([
    { name: 'nothing asked yet', config: { seed: 1 }, count: 0, elapsed: 0, expected: { stop: false } },
    { name: 'time is up', config: { seed: 1, maxTimeSec: 600 }, count: 1, elapsed: 600, expected: { stop: true, reason: 'max-time' } },
    { name: 'maximum items', config: { seed: 1, maxItems: 4, targetSe: 0 }, count: 4, elapsed: 0, expected: { stop: true, reason: 'max-items' } },
    { name: 'precise enough after the minimum', config: { seed: 1, minItems: 5, targetSe: 0.6 }, count: 6, elapsed: 0, expected: { stop: true, reason: 'se-target' } },
    { name: 'precise enough but under the minimum', config: { seed: 1, minItems: 8, targetSe: 0.6 }, count: 6, elapsed: 0, expected: { stop: false } },
    { name: 'precise enough but kind minimum unmet', config: { seed: 1, minItems: 2, targetSe: 0.6, kindMinimums: { formula: 1 } }, count: 6, elapsed: 0, expected: { stop: false } },
    { name: 'fixed form complete', config: { seed: 1, mode: 'fixed-form', fixedForm: ['s.0', 's.1'] }, count: 2, elapsed: 0, expected: { stop: true, reason: 'form-complete' } },
    { name: 'fixed form ignores the SE target', config: { seed: 1, mode: 'fixed-form', fixedForm: ['s.0', 's.1', 's.2'], targetSe: 5 }, count: 2, elapsed: 0, expected: { stop: false } },
  ] as { name: string; config: AdaptiveConfig; count: number; elapsed: number; expected: unknown }[])('$name', ({ config, count, elapsed, expected }) => {
    expect(shouldStop(answered(config, count), elapsed)).toEqual(expected);
  });

  it('meets a kind minimum, then stops on precision', () => {
    const config: AdaptiveConfig = { seed: 1, minItems: 2, targetSe: 0.6, kindMinimums: { formula: 1 } };
    const state = recordCategory(answered(config, 6), buildItem({ id: 's.f', irt: sharp, kind: 'formula' }), 1);
    expect(shouldStop(state, 0)).toEqual({ stop: true, reason: 'se-target' });
  });
});
