/**
 * Item selection: maximum Fisher information at the current EAP estimate, within the rules a
 * profile sets — content balancing over its skill areas (quotas for fixed-length interviews, which
 * the few items `contentTolerance` allows may exceed; otherwise the areas furthest below their
 * weighted targets compete on information, a relaxation of Kingsbury & Zara 1989), kind minimums (when the remaining items are only just
 * enough to meet them, only the missing kinds are allowed), exposure control (shadow prices or
 * item eligibility, see `exposure.ts`), no item or close variant twice, and pretest seeding of
 * draft items at the profile's rate. Fixed-form profiles get their form in order.
 *
 * The bank is flattened into typed arrays once per bank array (a WeakMap memo), so pass the same
 * array between calls: selecting from 1,000 items then takes well under a millisecond.
 */
import { SKILL_AREAS, type Item, type ItemKind, type SkillArea } from '../bank/item.js';
import type { Rng } from '../rng.js';
import type { AdaptiveState } from './adaptive-state.js';
import { eligibilityProbability, exposureCapOf, isCountEligible, type ExposureCounts } from './exposure.js';
import { itemInformation } from './irt-model.js';
import type { SelectionReason } from './selection-reason.js';

export interface SelectionContext {
  /** Seeded per interview; the same seed and answers give the same items. */
  readonly rng: Rng;
  /** Exposure counts across interviews, from the store (or the simulation). */
  readonly exposure?: ExposureCounts;
}

export interface Selection {
  readonly item: Item;
  readonly reason: SelectionReason;
}

const AREA_COUNT = SKILL_AREAS.length;
const AREA_INDEX = new Map<SkillArea, number>(SKILL_AREAS.map((area, i) => [area, i]));

interface Candidate {
  readonly item: Item;
  readonly information: number;
  /** Information less the item's exposure price (equal to information without shadow prices). */
  readonly score: number;
}

/** Integer item counts per area for a test of `length` items, by largest remainder. */
function areaQuotas(areas: readonly SkillArea[], weights: Readonly<Partial<Record<SkillArea, number>>>, length: number): Map<SkillArea, number> {
  const total = areas.reduce((sum, a) => sum + (weights[a] ?? 0), 0);
  const exact = areas.map((area) => ({ area, value: ((weights[area] ?? 0) / total) * length }));
  const quotas = new Map(exact.map((e) => [e.area, Math.floor(e.value)]));
  let left = length - [...quotas.values()].reduce((s, v) => s + v, 0);
  for (const e of [...exact].sort((x, y) => y.value - Math.floor(y.value) - (x.value - Math.floor(x.value)))) {
    if (left <= 0) break;
    quotas.set(e.area, (quotas.get(e.area) ?? 0) + 1);
    left -= 1;
  }
  return quotas;
}

/**
 * Items a fixed-length test may take beyond its area quotas in total, for a tolerance on the mean
 * absolute deviation of area shares: each item beyond a quota leaves another area one short,
 * which adds 2 / (areas · length) to that deviation.
 */
export function contentAllowance(tolerance: number, areas: number, length: number): number {
  return Math.max(0, Math.floor((tolerance * areas * length) / 2 + 1e-9));
}

/** The bank as flat arrays for the selection loop, computed once per bank array. */
interface PreparedBank {
  readonly items: readonly Item[];
  readonly approved: Uint8Array;
  readonly graded: Uint8Array;
  readonly area: Uint8Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
}

const preparedBanks = new WeakMap<readonly Item[], PreparedBank>();

function prepare(bank: readonly Item[]): PreparedBank {
  let prepared = preparedBanks.get(bank);
  if (prepared) return prepared;
  const n = bank.length;
  prepared = { items: [...bank], approved: new Uint8Array(n), graded: new Uint8Array(n), area: new Uint8Array(n), a: new Float64Array(n), b: new Float64Array(n), c: new Float64Array(n) };
  bank.forEach((item, i) => {
    const p = prepared as PreparedBank;
    p.approved[i] = item.status === 'approved' ? 1 : 0;
    p.area[i] = AREA_INDEX.get(item.area) ?? 0;
    p.a[i] = item.irt.a;
    if (item.irt.model === 'grm') p.graded[i] = 1;
    else {
      p.b[i] = item.irt.b;
      p.c[i] = item.irt.model === '3pl' ? item.irt.c : 0;
    }
  });
  preparedBanks.set(bank, prepared);
  return prepared;
}

/** Picks the next item, or `undefined` when nothing allowed is left (the bank is exhausted). */
export function selectNextItem(bank: readonly Item[], state: AdaptiveState, context: SelectionContext): Selection | undefined {
  const config = state.config;
  const usedIds = new Set<string>();
  const usedGroups = new Set<string>();
  for (const r of state.responses) {
    usedIds.add(r.itemId);
    if (r.variantGroup !== undefined) usedGroups.add(r.variantGroup);
  }
  const isAvailable = (item: Item): boolean => !usedIds.has(item.id) && (item.variantGroup === undefined || !usedGroups.has(item.variantGroup));

  if (config.mode === 'fixed-form') {
    const byId = new Map(bank.map((i) => [i.id, i]));
    for (let position = 0; position < config.fixedForm.length; position++) {
      const item = byId.get(config.fixedForm[position] ?? '');
      if (item && item.status !== 'retired' && isAvailable(item)) {
        return { item, reason: { kind: 'fixed-form', position: position + 1, formLength: config.fixedForm.length } };
      }
    }
    return undefined;
  }

  const weights = config.areaWeights;
  const weightedAreas = Object.keys(weights) as SkillArea[];
  const restrictAreas = weightedAreas.length > 0;
  const isAreaAllowed = (area: SkillArea): boolean => !restrictAreas || (weights[area] ?? 0) > 0;

  if (config.pretestRate > 0) {
    const draw = context.rng.next();
    const pretestGiven = state.responses.length - state.scoredCount;
    if (state.scoredCount >= 1 && pretestGiven < config.maxPretestItems && draw < config.pretestRate) {
      const drafts = bank.filter((i) => i.status === 'draft' && isAvailable(i) && isAreaAllowed(i.area));
      if (drafts.length > 0) {
        const item = drafts[Math.floor(context.rng.next() * drafts.length)] as Item;
        return { item, reason: { kind: 'pretest', draftsAvailable: drafts.length, pretestRate: config.pretestRate } };
      }
    }
  }

  const areaCounts = new Map<SkillArea, number>();
  const kindCounts = new Map<ItemKind, number>();
  for (const r of state.responses) {
    if (!r.scored) continue;
    areaCounts.set(r.area, (areaCounts.get(r.area) ?? 0) + 1);
    kindCounts.set(r.kind, (kindCounts.get(r.kind) ?? 0) + 1);
  }
  let requiredKinds: ItemKind[] | undefined;
  const unmet = (Object.entries(config.kindMinimums) as [ItemKind, number][]).filter(([kind, min]) => min > (kindCounts.get(kind) ?? 0));
  const need = unmet.reduce((sum, [kind, min]) => sum + min - (kindCounts.get(kind) ?? 0), 0);
  if (unmet.length > 0 && need >= config.maxItems - state.scoredCount) requiredKinds = unmet.map(([kind]) => kind);

  const theta = state.theta;
  const controlled = config.exposureMethod !== 'none';
  const priced = config.exposureMethod === 'shadow-price';
  const useDraw = config.exposureMethod === 'eligibility';
  const prepared = prepare(bank);
  const areaWeight = SKILL_AREAS.map((area) => weights[area] ?? 0);
  const counts = context.exposure?.items;
  const interviews = context.exposure?.interviews ?? 0;
  const randomesque = config.randomesque;

  /**
   * One pass over the bank: the best and second-best scoring items per area (or every candidate
   * when choosing at random among the top k), and how many were held back by exposure.
   */
  const scan = (kinds: readonly ItemKind[] | undefined, ignoreExposure: boolean) => {
    const best: (Candidate | undefined)[] = new Array(AREA_COUNT);
    const second: (Candidate | undefined)[] = new Array(AREA_COUNT);
    const all: Candidate[] = [];
    let found = 0;
    let excluded = 0;
    const n = prepared.items.length;
    for (let i = 0; i < n; i++) {
      if (prepared.approved[i] !== 1) continue;
      const item = prepared.items[i] as Item;
      if (usedIds.size > 0 && usedIds.has(item.id)) continue;
      if (item.variantGroup !== undefined && usedGroups.has(item.variantGroup)) continue;
      const a = prepared.area[i] ?? 0;
      if (restrictAreas && areaWeight[a] === 0) continue;
      if (kinds && !kinds.includes(item.kind)) continue;
      const count = controlled ? counts?.get(item.id) : undefined;
      if (count && !ignoreExposure && !isCountEligible(item, count, config.seed, interviews, config.exposureCap, useDraw)) {
        excluded += 1;
        continue;
      }
      let information: number;
      if (prepared.graded[i] === 1) information = itemInformation(item.irt, theta);
      else {
        // 3PL information a²(Q/P)((P − c)/(1 − c))², a²PQ when c = 0 (see irt-model.ts).
        const slope = prepared.a[i] ?? 0;
        const c = prepared.c[i] ?? 0;
        const star = 1 / (1 + Math.exp(-slope * (theta - (prepared.b[i] ?? 0))));
        if (c === 0) information = slope * slope * star * (1 - star);
        else {
          const pr = c + (1 - c) * star;
          information = (slope * slope * (1 - pr) * star * star) / pr;
        }
      }
      const score = priced && count?.price ? information - count.price : information;
      found += 1;
      if (randomesque > 1) all.push({ item, information, score });
      const b = best[a];
      if (!b || score > b.score) {
        second[a] = b;
        best[a] = { item, information, score };
      } else {
        const c = second[a];
        if (!c || score > c.score) second[a] = { item, information, score };
      }
    }
    return { best, second, all, found, excluded };
  };

  let result = scan(requiredKinds, false);
  if (result.found === 0 && result.excluded === 0 && requiredKinds) {
    requiredKinds = undefined;
    result = scan(undefined, false);
  }
  const excludedByExposure = result.excluded;
  const exposureRelaxed = result.found === 0 && result.excluded > 0;
  if (exposureRelaxed) result = scan(requiredKinds, true);
  if (result.found === 0) return undefined;

  // Content balancing: which areas may supply the next item.
  let needOf: ((area: SkillArea) => number) | undefined;
  let allowedArea: (area: SkillArea) => boolean = () => true;
  if (restrictAreas) {
    const totalWeight = weightedAreas.reduce((sum, a) => sum + (weights[a] ?? 0), 0);
    const n = state.scoredCount + 1;
    const need = (area: SkillArea): number => ((weights[area] ?? 0) / totalWeight) * n - (areaCounts.get(area) ?? 0);
    needOf = need;
    let rule: (area: SkillArea) => boolean;
    if (config.minItems >= config.maxItems) {
      // Fixed length: each area's quota of the whole test is known, so any area still under its
      // quota may go next, in whatever order information prefers; an area at or over its quota
      // may too while the items taken beyond quotas stay within the tolerance's allowance.
      const quotas = areaQuotas(weightedAreas, weights, config.maxItems);
      const allowance = contentAllowance(config.contentTolerance, weightedAreas.length, config.maxItems);
      let beyond = 0;
      for (const area of weightedAreas) beyond += Math.max(0, (areaCounts.get(area) ?? 0) - (quotas.get(area) ?? 0));
      rule = (area) => (areaCounts.get(area) ?? 0) < (quotas.get(area) ?? 0) || beyond < allowance;
    } else {
      let maxNeed = -Infinity;
      for (const area of weightedAreas) if (result.best[AREA_INDEX.get(area) ?? 0]) maxNeed = Math.max(maxNeed, need(area));
      rule = (area) => need(area) >= maxNeed - config.contentSlack - 1e-9;
    }
    if (weightedAreas.some((area) => rule(area) && result.best[AREA_INDEX.get(area) ?? 0])) allowedArea = rule;
  }

  let top: Candidate[];
  if (randomesque > 1) {
    top = result.all.filter((c) => allowedArea(c.item.area)).sort((x, y) => y.score - x.score || (x.item.id < y.item.id ? -1 : 1)).slice(0, randomesque + 1);
  } else {
    let first: Candidate | undefined;
    let runner: Candidate | undefined;
    for (let a = 0; a < AREA_COUNT; a++) {
      const area = SKILL_AREAS[a] as SkillArea;
      if (!allowedArea(area)) continue;
      for (const c of [result.best[a], result.second[a]]) {
        if (!c) continue;
        if (!first || c.score > first.score) {
          runner = first;
          first = c;
        } else if (!runner || c.score > runner.score) runner = c;
      }
    }
    top = runner ? [first as Candidate, runner] : [first as Candidate];
  }
  const k = Math.min(randomesque, top.length);
  const index = k > 1 ? Math.floor(context.rng.next() * k) : 0;
  const chosen = top[index] as Candidate;
  const runnerUp = top[index === 0 ? 1 : 0];
  const areaNeed = needOf?.(chosen.item.area);
  const count = counts?.get(chosen.item.id);
  const reason: SelectionReason = {
    kind: 'max-info',
    theta,
    se: state.se,
    information: chosen.information,
    rank: index + 1,
    ...(runnerUp ? { runnerUp: { itemId: runnerUp.item.id, information: runnerUp.information } } : {}),
    candidates: result.found,
    excludedByExposure,
    exposureRelaxed,
    ...(useDraw ? { eligibilityProbability: eligibilityProbability(count, exposureCapOf(chosen.item, config.exposureCap)) } : {}),
    ...(priced ? { exposurePrice: count?.price ?? 0 } : {}),
    ...(interviews > 0 ? { exposureRate: (count?.administered ?? 0) / interviews } : {}),
    area: chosen.item.area,
    ...(areaNeed === undefined ? {} : { areaNeed }),
    ...(requiredKinds ? { requiredKinds } : {}),
  };
  return { item: chosen.item, reason };
}
