/**
 * Exposure control across interviews: no item may appear in more than its cap (default 0.25)
 * of interviews, so a leaked item matters less. The store keeps, per item, the interviews in which
 * it was eligible, those in which it was asked, and its shadow price, and passes them in; when an
 * interview ends it applies `exposureUpdate`.
 *
 * - `shadow-price` (default): selection maximises information − λᵢ; after each interview
 *   λᵢ ← max(0, λᵢ + η(xᵢ − ρ·capᵢ)) (dual ascent on the exposure constraint, aimed at a share ρ
 *   of the cap, default 0.9), so over-used items get dearer until only the candidates who gain
 *   most from them still take them.
 * - `eligibility`: Sympson & Hetter (1985) in the online item-eligibility form of van der Linden &
 *   Veldkamp (2007): P(A | E) is estimated by administered / eligible and the item is eligible
 *   with probability min(1, 0.95 · cap · eligible / administered), so P(A) = P(A | E) · P(E)
 *   stays under the cap. The draw hashes the interview seed and the item id: fixed for the
 *   interview, and replayable.
 * - Both: a hard rule makes an item ineligible once its observed rate has reached its cap.
 *
 * Neither needs pre-simulation: the counts and prices learn as interviews happen (a simulation
 * runs simulees in sequence, and may warm prices up first).
 */
import type { Item } from '../bank/item.js';
import { seedFromText } from '../rng.js';
import type { AdaptiveState } from './adaptive-state.js';

export interface ExposureCount {
  /** Interviews (of profiles whose pool includes the item) in which the item was eligible. */
  readonly eligible: number;
  /** Interviews in which the item was asked. */
  readonly administered: number;
  /** Shadow price of the item's exposure (`shadow-price` control), in information units. */
  readonly price?: number;
}

export interface ExposureCounts {
  /** Interviews counted (of profiles whose pool includes the items): the denominator of the hard cap. */
  readonly interviews: number;
  readonly items: ReadonlyMap<string, ExposureCount>;
}

export const DEFAULT_EXPOSURE_CAP = 0.25;

export function exposureCapOf(item: Item, override: number | undefined): number {
  return override ?? (item.exposureCap > 0 ? item.exposureCap : DEFAULT_EXPOSURE_CAP);
}

/**
 * Eligibility aims a little under the cap (95% of it) because P(A | E) is estimated from counts
 * that lag behind; `isExposureEligible` adds a hard stop at the cap itself.
 */
export const EXPOSURE_AIM = 0.95;

/** The probability that the item is eligible in the next interview. */
export function eligibilityProbability(count: ExposureCount | undefined, cap: number): number {
  if (!count || count.administered <= 0) return 1;
  return Math.min(1, (EXPOSURE_AIM * cap * Math.max(count.eligible, 1)) / count.administered);
}

const idSeeds = new Map<string, number>();

/** A uniform draw in [0, 1) fixed by the interview seed and the item id. */
export function eligibilityDraw(seed: number, itemId: string): number {
  let idSeed = idSeeds.get(itemId);
  if (idSeed === undefined) {
    idSeed = seedFromText(itemId);
    idSeeds.set(itemId, idSeed);
  }
  // One step of the project's Mulberry32 generator (see rng.ts), inlined: this runs per item per step.
  let t = ((seed ^ idSeed) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * Eligible when the draw passes, and never when the item's observed rate has already reached its
 * cap (once at least 1/cap interviews are counted, so that a new bank can start).
 */
export function isExposureEligible(item: Item, seed: number, counts: ExposureCounts | undefined, capOverride?: number, useDraw = true): boolean {
  const count = counts?.items.get(item.id);
  return !count || isCountEligible(item, count, seed, counts?.interviews ?? 0, capOverride, useDraw);
}

/** As `isExposureEligible`, with the item's counts already looked up (the selection hot path). */
export function isCountEligible(item: Item, count: ExposureCount, seed: number, interviews: number, capOverride: number | undefined, useDraw: boolean): boolean {
  const cap = exposureCapOf(item, capOverride);
  if (interviews * cap >= 1 && count.administered >= cap * interviews) return false;
  if (!useDraw) return true;
  const p = eligibilityProbability(count, cap);
  return p >= 1 || eligibilityDraw(seed, item.id) < p;
}

/**
 * What the store adds to its counts when an interview ends: the pool items that were eligible
 * in it, and the scored items it administered.
 */
export function exposureUpdate(
  pool: readonly Item[],
  state: AdaptiveState,
  counts: ExposureCounts | undefined,
): { eligible: string[]; administered: string[]; prices: Map<string, number> } {
  const config = state.config;
  const administered = state.responses.filter((r) => r.scored).map((r) => r.itemId);
  const asked = new Set(administered);
  const eligible: string[] = [];
  const prices = new Map<string, number>();
  for (const item of pool) {
    if (item.status !== 'approved') continue;
    if (config.exposureMethod !== 'eligibility' || isExposureEligible(item, config.seed, counts, config.exposureCap)) eligible.push(item.id);
    if (config.exposureMethod === 'shadow-price') {
      const before = counts?.items.get(item.id)?.price ?? 0;
      const after = Math.max(0, before + config.priceStep * ((asked.has(item.id) ? 1 : 0) - config.priceTarget * exposureCapOf(item, config.exposureCap)));
      if (after !== before) prices.set(item.id, after);
    }
  }
  return { eligible, administered, prices };
}
