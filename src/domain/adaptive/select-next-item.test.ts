import { describe, expect, it } from 'vitest';
import type { Item, SkillArea } from '../bank/item.js';
import { createRng } from '../rng.js';
import type { AdaptiveConfig } from './adaptive-config.js';
import { createAdaptiveState, recordCategory, type AdaptiveState } from './adaptive-state.js';
import type { ExposureCounts } from './exposure.js';
import { contentAllowance, selectNextItem } from './select-next-item.js';
import { buildItem } from './testing/build-item.js';

const twoPl = (id: string, a: number, b: number, extra: Partial<Parameters<typeof buildItem>[0]> = {}): Item =>
  buildItem({ id, irt: { model: '2pl', a, b, c: 0 }, ...extra });

/** Independent maximum-information pick: a²PQ at θ over the given items. */
function mostInformative(items: readonly Item[], theta: number): string {
  let best = '';
  let bestInfo = -Infinity;
  for (const item of items) {
    if (item.irt.model === 'grm') continue;
    const p = 1 / (1 + Math.exp(-item.irt.a * (theta - item.irt.b)));
    const info = item.irt.a ** 2 * p * (1 - p);
    if (info > bestInfo) {
      bestInfo = info;
      best = item.id;
    }
  }
  return best;
}

const bank: Item[] = [
  twoPl('t.flat', 0.5, 0),
  twoPl('t.sharp-mid', 2, 0.1),
  twoPl('t.sharp-high', 2, 1.5),
  twoPl('t.sharp-low', 2, -1.5),
  twoPl('t.medium', 1.2, 0.8),
];

function play(config: AdaptiveConfig, items: readonly Item[], answers: readonly number[], exposure?: ExposureCounts): AdaptiveState {
  let state = createAdaptiveState(config);
  const rng = createRng(99);
  for (const answer of answers) {
    const pick = selectNextItem(items, state, { rng, ...(exposure ? { exposure } : {}) });
    if (!pick) break;
    state = recordCategory(state, pick.item, answer, pick.reason);
  }
  return state;
}

describe('selectNextItem: maximum information', () => {
  it.each([
    { answers: [], name: 'first item' },
    { answers: [1], name: 'after a right answer' },
    { answers: [0], name: 'after a wrong answer' },
    { answers: [1, 1], name: 'after two right answers' },
  ])('$name: the most informative unused item at the current θ', ({ answers }) => {
    const state = play({ seed: 1, exposure: { method: 'none' } }, bank, answers);
    const used = new Set(state.responses.map((r) => r.itemId));
    const pick = selectNextItem(bank, state, { rng: createRng(1) });
    expect(pick?.item.id).toBe(mostInformative(bank.filter((i) => !used.has(i.id)), state.theta));
    expect(pick?.reason).toMatchObject({ kind: 'max-info', rank: 1, theta: state.theta, candidates: bank.length - used.size });
  });

  it('records the information of the chosen item and of the runner-up', () => {
    const pick = selectNextItem(bank, createAdaptiveState({ seed: 1, exposure: { method: 'none' } }), { rng: createRng(1) });
    const p = 1 / (1 + Math.exp(2 * 0.1));
    expect(pick?.reason).toMatchObject({ kind: 'max-info', runnerUp: { itemId: 't.medium' } });
    if (pick?.reason.kind === 'max-info') expect(pick.reason.information).toBeCloseTo(4 * p * (1 - p), 10);
  });

  it('never gives the same item or two close variants', () => {
    const variants = [twoPl('v.a', 2, 0, { variantGroup: 'g' }), twoPl('v.b', 1.9, 0, { variantGroup: 'g' }), twoPl('v.c', 0.5, 0)];
    const state = play({ seed: 1, exposure: { method: 'none' } }, variants, [1, 0, 1]);
    expect(state.responses.map((r) => r.itemId)).toEqual(['v.a', 'v.c']);
  });

  it('skips draft and retired items unless pretesting', () => {
    const items = [twoPl('d.draft', 3, 0, { status: 'draft' }), twoPl('d.retired', 3, 0, { status: 'retired' }), twoPl('d.ok', 0.5, 0)];
    expect(selectNextItem(items, createAdaptiveState({ seed: 1 }), { rng: createRng(1) })?.item.id).toBe('d.ok');
  });
});

const AREAS: SkillArea[] = ['lookups', 'dates-times', 'pivot-tables'];
/** 60 items over 3 areas; the 'lookups' ones are the most informative, so balance must be enforced. */
const bigBank: Item[] = Array.from({ length: 60 }, (_, i) =>
  twoPl(`b.${i}`, i % 3 === 0 ? 2.2 : 0.8 + (i % 7) * 0.05, ((i * 37) % 21) / 10 - 1, {
    area: AREAS[i % 3]!,
    kind: i % 5 === 0 ? 'formula' : 'choice',
  }),
);

describe('selectNextItem: content and kinds', () => {
  it.each([
    { length: 6, weights: { lookups: 1, 'dates-times': 1, 'pivot-tables': 1 }, expected: { lookups: 2, 'dates-times': 2, 'pivot-tables': 2 } },
    { length: 10, weights: { lookups: 2, 'dates-times': 2, 'pivot-tables': 1 }, expected: { lookups: 4, 'dates-times': 4, 'pivot-tables': 2 } },
    { length: 5, weights: { 'dates-times': 1 }, expected: { 'dates-times': 5 } },
  ])('a fixed-length interview of $length meets its area quotas exactly', ({ length, weights, expected }) => {
    const state = play({ seed: 3, minItems: length, maxItems: length, targetSe: 0, areaWeights: weights, exposure: { method: 'none' } }, bigBank, Array.from({ length }, (_, i) => i % 2));
    const counts: Record<string, number> = {};
    for (const r of state.responses) counts[r.area] = (counts[r.area] ?? 0) + 1;
    expect(counts).toEqual(expected);
  });

  it.each([
    { tolerance: 0.03, areas: 5, length: 10, allowance: 0 },
    { tolerance: 0.03, areas: 5, length: 15, allowance: 1 },
    { tolerance: 0.03, areas: 5, length: 20, allowance: 1 },
    { tolerance: 0.03, areas: 5, length: 40, allowance: 3 },
    { tolerance: 0, areas: 5, length: 20, allowance: 0 },
    { tolerance: 0.05, areas: 3, length: 20, allowance: 1 },
  ])('content tolerance $tolerance over $areas areas allows $allowance item(s) beyond quotas in $length', ({ tolerance, areas, length, allowance }) => {
    expect(contentAllowance(tolerance, areas, length)).toBe(allowance);
  });

  it.each([
    { tolerance: 0, lookups: 7, beyondQuotas: 0 },
    { tolerance: 0.05, lookups: 8, beyondQuotas: 1 },
  ])('with tolerance $tolerance the informative area gets $lookups of 20 items, $beyondQuotas beyond the quotas (7, 7, 6)', ({ tolerance, lookups, beyondQuotas }) => {
    const weights = { lookups: 1, 'dates-times': 1, 'pivot-tables': 1 };
    const state = play({ seed: 3, minItems: 20, maxItems: 20, targetSe: 0, areaWeights: weights, contentTolerance: tolerance, exposure: { method: 'none' } }, bigBank, Array.from({ length: 20 }, (_, i) => i % 2));
    const counts = new Map<SkillArea, number>();
    for (const r of state.responses) counts.set(r.area, (counts.get(r.area) ?? 0) + 1);
    const quotas = new Map<SkillArea, number>([['lookups', 7], ['dates-times', 7], ['pivot-tables', 6]]);
    expect(state.responses).toHaveLength(20);
    expect(counts.get('lookups')).toBe(lookups);
    expect(AREAS.reduce((sum, area) => sum + Math.max(0, (counts.get(area) ?? 0) - (quotas.get(area) ?? 0)), 0)).toBe(beyondQuotas);
  });

  it('a variable-length interview never lets one area get more than one item ahead (equal weights)', () => {
    const config: AdaptiveConfig = { seed: 3, minItems: 1, maxItems: 12, targetSe: 0, areaWeights: { lookups: 1, 'dates-times': 1, 'pivot-tables': 1 }, exposure: { method: 'none' }, contentSlack: 0.5 };
    const state = play(config, bigBank, Array.from({ length: 12 }, (_, i) => (i * 7) % 3 === 0 ? 0 : 1));
    const counts = new Map<string, number>();
    state.responses.forEach((r) => {
      counts.set(r.area, (counts.get(r.area) ?? 0) + 1);
      const values = AREAS.map((a) => counts.get(a) ?? 0);
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    });
  });

  it('reserves the last slots for a kind minimum and says so', () => {
    const state = play({ seed: 3, minItems: 4, maxItems: 4, targetSe: 0, kindMinimums: { formula: 3 }, exposure: { method: 'none' } }, bigBank, [1, 0, 1, 0]);
    expect(state.responses.filter((r) => r.kind === 'formula')).toHaveLength(3);
    const restricted = state.log.filter((e) => e.reason?.kind === 'max-info' && e.reason.requiredKinds?.includes('formula'));
    expect(restricted.length).toBeGreaterThanOrEqual(1);
    expect(state.log.at(-1)?.reason).toMatchObject({ requiredKinds: ['formula'] });
  });

  it('fixed form gives the form in order, skipping retired items', () => {
    const items = [...bank, twoPl('t.gone', 1, 0, { status: 'retired' })];
    const form = ['t.flat', 't.gone', 't.sharp-low', 't.medium'];
    const state = play({ seed: 1, mode: 'fixed-form', fixedForm: form }, items, [1, 1, 1, 1]);
    expect(state.responses.map((r) => r.itemId)).toEqual(['t.flat', 't.sharp-low', 't.medium']);
    expect(state.log[1]?.reason).toEqual({ kind: 'fixed-form', position: 3, formLength: 4 });
  });
});

describe('selectNextItem: exposure and pretest', () => {
  const counts = (entries: [string, { eligible: number; administered: number; price?: number }][], interviews: number): ExposureCounts => ({ interviews, items: new Map(entries) });

  it('a shadow price moves selection to the next best item and is reported', () => {
    const exposure = counts([['t.sharp-mid', { eligible: 100, administered: 20, price: 0.9 }]], 100);
    const pick = selectNextItem(bank, createAdaptiveState({ seed: 1 }), { rng: createRng(1), exposure });
    expect(pick?.item.id).toBe('t.medium');
    expect(pick?.reason).toMatchObject({ kind: 'max-info', exposurePrice: 0, rank: 1 });
  });

  it('an item at its cap is never eligible, whatever its price', () => {
    const exposure = counts([['t.sharp-mid', { eligible: 100, administered: 25, price: 0 }]], 100);
    const pick = selectNextItem(bank, createAdaptiveState({ seed: 1 }), { rng: createRng(1), exposure });
    expect(pick?.item.id).not.toBe('t.sharp-mid');
    expect(pick?.reason).toMatchObject({ excludedByExposure: 1, exposureRelaxed: false });
  });

  it('relaxes exposure control rather than end the interview, and says so', () => {
    const only = [twoPl('o.one', 1, 0)];
    const exposure = counts([['o.one', { eligible: 100, administered: 90 }]], 100);
    const pick = selectNextItem(only, createAdaptiveState({ seed: 1 }), { rng: createRng(1), exposure });
    expect(pick?.reason).toMatchObject({ exposureRelaxed: true });
  });

  it('item eligibility admits an over-used item in about cap·eligible/administered of interviews', () => {
    // P(A | E) = 0.8, cap 0.25: eligible with probability 0.95 · 0.25 / 0.8 ≈ 0.297.
    const exposure = counts([['t.sharp-mid', { eligible: 100, administered: 80 }]], 1000);
    let chosen = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const pick = selectNextItem(bank, createAdaptiveState({ seed, exposure: { method: 'eligibility' } }), { rng: createRng(seed), exposure });
      if (pick?.item.id === 't.sharp-mid') chosen += 1;
    }
    expect(chosen / 2000).toBeGreaterThan(0.297 - 0.035);
    expect(chosen / 2000).toBeLessThan(0.297 + 0.035);
  });

  it('seeds draft items at the pretest rate after the first answer, up to the limit', () => {
    const items = [...bank, twoPl('p.draft1', 1, 0, { status: 'draft' }), twoPl('p.draft2', 1, 0, { status: 'draft' }), twoPl('p.draft3', 1, 0, { status: 'draft' })];
    const state = play({ seed: 1, pretestRate: 1, maxPretestItems: 2, exposure: { method: 'none' } }, items, [1, 0, 1, 0, 1]);
    expect(state.responses.map((r) => r.scored)).toEqual([true, false, false, true, true]);
    expect(state.log[1]?.reason).toMatchObject({ kind: 'pretest', pretestRate: 1 });
    expect(state.scoredCount).toBe(3);
  });
});
