/**
 * What a profile asks of the adaptive engine. Every field has a default, so `{ seed }` is a
 * valid configuration: 5-20 items, stop at SE ≤ 0.30, exposure-controlled (shadow prices),
 * no content weights.
 */
import type { ItemKind, SkillArea } from '../bank/item.js';

export type ExposureMethod =
  /** Pure maximum information: what jsCAT does; for simulation baselines only. */
  | 'none'
  /**
   * Sympson-Hetter style item eligibility (van der Linden & Veldkamp): item i is eligible for an
   * interview with probability min(1, capᵢ · eligibleᵢ / administeredᵢ), counts supplied by the
   * store, so its share of interviews stays under its cap without pre-simulation.
   */
  | 'eligibility'
  /**
   * Lagrangian exposure control: the exposure cap is a constraint, each item carries a shadow
   * price λᵢ (in information units) learned by dual ascent across interviews
   * (λᵢ ← max(0, λᵢ + η(xᵢ − cap)), xᵢ = 1 when the item was asked), and selection maximises
   * information − λᵢ. Scarce items then go to the candidates who gain most from them.
   */
  | 'shadow-price';

export interface AdaptiveConfig {
  /** Seeds the interview's exposure-eligibility draws; store it with the interview to replay it. */
  readonly seed: number;
  readonly mode?: 'adaptive' | 'fixed-form';
  /** Item ids in order, for `fixed-form` profiles: every candidate gets the same items. */
  readonly fixedForm?: readonly string[];
  /** Stop once the posterior SD of θ is at or below this (default 0.30) … */
  readonly targetSe?: number;
  /** … but never before this many scored items (default 5) … */
  readonly minItems?: number;
  /** … and always at this many (default 20). */
  readonly maxItems?: number;
  readonly maxTimeSec?: number;
  /**
   * Relative weights of the profile's skill areas; items of other areas are not used. Empty or
   * absent: every area is allowed and content is not balanced.
   */
  readonly areaWeights?: Partial<Record<SkillArea, number>>;
  /** At least this many scored items of a kind, e.g. `{ formula: 3 }`. */
  readonly kindMinimums?: Partial<Record<ItemKind, number>>;
  readonly exposure?: {
    readonly method?: ExposureMethod;
    /** Overrides every item's `exposureCap` (default: the item's own, 0.25 in the bank). */
    readonly cap?: number;
    /** Dual ascent step for `shadow-price` (default 0.03). */
    readonly priceStep?: number;
    /**
     * Share of the cap the shadow prices aim at (default 0.9). Aiming under the cap lets the
     * prices do the rationing (by need) and leaves the hard cap (by order of arrival) as a rare
     * backstop; prices aimed at the cap itself stay near zero because the hard cap keeps usage
     * from ever exceeding it.
     */
    readonly priceTarget?: number;
  };
  /** Choose at random among the k most informative items (default 1: plain maximum information). */
  readonly randomesque?: number;
  /**
   * Content balancing tolerance for variable-length interviews, in items: areas whose need
   * (weighted target so far minus items given) is within this of the neediest area compete on
   * information (default 1). Fixed-length interviews (minItems = maxItems) use exact quotas
   * instead: any area still under its share of the whole test may go next.
   */
  readonly contentSlack?: number;
  /**
   * Fixed-length interviews: how much further than the rounded quotas the final area shares may
   * stray from the weights, as a mean absolute deviation over the weighted areas (default 0.03).
   * It allows floor(tolerance · areas · length / 2) items beyond the areas' quotas in total, so
   * an informative item of a full area can be taken at the cost of a less useful one elsewhere;
   * 0 gives exact quotas. (0.03 allows one item at 15-20 items over 5 areas, none at 10.)
   */
  readonly contentTolerance?: number;
  /** Share of steps that administer an unscored draft item (default 0). */
  readonly pretestRate?: number;
  /** At most this many draft items per interview (default 2). */
  readonly maxPretestItems?: number;
  /** Normal prior on θ (default N(0, 1)). */
  readonly prior?: { readonly mean: number; readonly sd: number };
}

export interface ResolvedConfig {
  readonly seed: number;
  readonly mode: 'adaptive' | 'fixed-form';
  readonly fixedForm: readonly string[];
  readonly targetSe: number;
  readonly minItems: number;
  readonly maxItems: number;
  readonly maxTimeSec: number | undefined;
  readonly areaWeights: Readonly<Partial<Record<SkillArea, number>>>;
  readonly kindMinimums: Readonly<Partial<Record<ItemKind, number>>>;
  readonly exposureMethod: ExposureMethod;
  readonly exposureCap: number | undefined;
  readonly priceStep: number;
  readonly priceTarget: number;
  readonly randomesque: number;
  readonly contentSlack: number;
  readonly contentTolerance: number;
  readonly pretestRate: number;
  readonly maxPretestItems: number;
  readonly priorMean: number;
  readonly priorSd: number;
}

export function resolveConfig(config: AdaptiveConfig): ResolvedConfig {
  const fixedForm = config.fixedForm ?? [];
  const mode = config.mode ?? 'adaptive';
  const maxItems = config.maxItems ?? (mode === 'fixed-form' ? fixedForm.length : 20);
  const areaWeights: Partial<Record<SkillArea, number>> = {};
  for (const [area, weight] of Object.entries(config.areaWeights ?? {}) as [SkillArea, number][]) {
    if (weight > 0) areaWeights[area] = weight;
  }
  return {
    seed: config.seed >>> 0,
    mode,
    fixedForm,
    targetSe: config.targetSe ?? 0.3,
    minItems: Math.min(config.minItems ?? 5, maxItems),
    maxItems,
    maxTimeSec: config.maxTimeSec,
    areaWeights,
    kindMinimums: config.kindMinimums ?? {},
    exposureMethod: config.exposure?.method ?? 'shadow-price',
    exposureCap: config.exposure?.cap,
    priceStep: config.exposure?.priceStep ?? 0.03,
    priceTarget: config.exposure?.priceTarget ?? 0.9,
    randomesque: Math.max(1, Math.floor(config.randomesque ?? 1)),
    contentSlack: config.contentSlack ?? 1,
    contentTolerance: config.contentTolerance ?? 0.03,
    pretestRate: config.pretestRate ?? 0,
    maxPretestItems: config.maxPretestItems ?? 2,
    priorMean: config.prior?.mean ?? 0,
    priorSd: config.prior?.sd ?? 1,
  };
}
