/**
 * The adaptive interview's state: plain, immutable, JSON-serialisable data. It holds the log
 * posterior of θ on the quadrature grid (updated in O(grid) per answer), the responses and the
 * decision log, so the interview can be stored, resumed and replayed exactly.
 */
import type { IrtParams, Item, ItemKind, SkillArea } from '../bank/item.js';
import type { Grade } from '../grading/grade.js';
import { resolveConfig, type AdaptiveConfig, type ResolvedConfig } from './adaptive-config.js';
import { accumulateLogLikelihood } from './estimate-ability.js';
import { categoryCount } from './irt-model.js';
import { createThetaGrid, summarizeLogWeights, type ThetaGrid } from './quadrature.js';
import type { SelectionReason } from './selection-reason.js';

export interface RecordedResponse {
  readonly itemId: string;
  readonly area: SkillArea;
  readonly kind: ItemKind;
  /** Response category 0…maxCategory (see `gradeToCategory`). */
  readonly category: number;
  readonly maxCategory: number;
  /** False for pretest (draft) items: stored for calibration, never scored. */
  readonly scored: boolean;
  readonly variantGroup?: string;
}

/** One line of the replayable decision log: what was asked, why, and the estimate after it. */
export interface DecisionLogEntry {
  readonly step: number;
  readonly itemId: string;
  readonly reason: SelectionReason | undefined;
  readonly category: number;
  readonly maxCategory: number;
  readonly scored: boolean;
  readonly thetaAfter: number;
  readonly seAfter: number;
}

export interface AdaptiveState {
  readonly config: ResolvedConfig;
  readonly responses: readonly RecordedResponse[];
  /** Unnormalised log posterior of θ at the grid points (scored responses only). */
  readonly logPosterior: readonly number[];
  /** Current EAP estimate and posterior SD. */
  readonly theta: number;
  readonly se: number;
  readonly scoredCount: number;
  readonly log: readonly DecisionLogEntry[];
}

const gridCache = new Map<string, ThetaGrid>();

/** The grid a configuration integrates over: [−5, 5] step 0.1 with its prior. */
export function gridOf(config: ResolvedConfig): ThetaGrid {
  const key = `${config.priorMean}:${config.priorSd}`;
  let grid = gridCache.get(key);
  if (!grid) {
    grid = createThetaGrid(-5, 5, 101, config.priorMean, config.priorSd);
    gridCache.set(key, grid);
  }
  return grid;
}

export function createAdaptiveState(config: AdaptiveConfig): AdaptiveState {
  const resolved = resolveConfig(config);
  const grid = gridOf(resolved);
  const { mean, sd } = summarizeLogWeights(grid.points, grid.logPrior);
  return { config: resolved, responses: [], logPosterior: grid.logPrior, theta: mean, se: sd, scoredCount: 0, log: [] };
}

/**
 * Maps a grade to an IRT response category. Dichotomous (2PL/3PL) items pass only with full
 * marks; graded items map score/maxScore onto categories 0…m (m = 4 for the bank's 0-4 items),
 * rounding to the nearest category.
 */
export function gradeToCategory(params: IrtParams, grade: Pick<Grade, 'score' | 'maxScore'>): number {
  if (params.model !== 'grm') return grade.maxScore > 0 && grade.score >= grade.maxScore ? 1 : 0;
  const m = categoryCount(params) - 1;
  if (grade.maxScore <= 0) return 0;
  const category = Math.round((m * grade.score) / grade.maxScore);
  return Math.min(m, Math.max(0, category));
}

/**
 * Records an answer and returns the next state (the input is not changed). Draft items are kept
 * as unscored pretest responses; others update the posterior and the estimate.
 */
export function recordResponse(state: AdaptiveState, item: Item, grade: Pick<Grade, 'score' | 'maxScore'>, reason?: SelectionReason): AdaptiveState {
  const category = gradeToCategory(item.irt, grade);
  return recordCategory(state, item, category, reason);
}

/** As `recordResponse`, with the category already known (simulation, replay from storage). */
export function recordCategory(state: AdaptiveState, item: Item, category: number, reason?: SelectionReason): AdaptiveState {
  const scored = item.status !== 'draft';
  const maxCategory = categoryCount(item.irt) - 1;
  let { logPosterior, theta, se, scoredCount } = state;
  if (scored) {
    const grid = gridOf(state.config);
    const next = [...logPosterior];
    accumulateLogLikelihood(next, grid.points, item.irt, category);
    logPosterior = next;
    ({ mean: theta, sd: se } = summarizeLogWeights(grid.points, next));
    scoredCount += 1;
  }
  const response: RecordedResponse = {
    itemId: item.id,
    area: item.area,
    kind: item.kind,
    category,
    maxCategory,
    scored,
    ...(item.variantGroup === undefined ? {} : { variantGroup: item.variantGroup }),
  };
  const entry: DecisionLogEntry = { step: state.log.length + 1, itemId: item.id, reason, category, maxCategory, scored, thetaAfter: theta, seAfter: se };
  return { ...state, responses: [...state.responses, response], logPosterior, theta, se, scoredCount, log: [...state.log, entry] };
}
