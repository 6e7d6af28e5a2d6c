/**
 * Per-skill scores: a unidimensional EAP per skill area from that area's scored items, with the
 * same N(0, 1) prior as the overall score. With a handful of items per area these SEs are wide
 * (0.5-0.8), and the report must show them: a multidimensional model would borrow strength
 * across areas, but would need calibrated inter-area correlations the bank does not yet have.
 */
import type { Item, SkillArea } from '../bank/item.js';
import type { AdaptiveState } from './adaptive-state.js';
import { estimateFromParams, type ParamResponse } from './estimate-ability.js';

export interface SkillScore {
  readonly theta: number;
  readonly se: number;
  /** Scored items in the area. */
  readonly n: number;
}

export function skillScores(state: AdaptiveState, items: readonly Item[] | ReadonlyMap<string, Item>): Partial<Record<SkillArea, SkillScore>> {
  const byId = items instanceof Map ? (items as ReadonlyMap<string, Item>) : new Map((items as readonly Item[]).map((i) => [i.id, i]));
  const perArea = new Map<SkillArea, ParamResponse[]>();
  for (const r of state.responses) {
    const item = byId.get(r.itemId);
    if (!r.scored || !item) continue;
    const list = perArea.get(r.area) ?? [];
    list.push({ params: item.irt, category: r.category });
    perArea.set(r.area, list);
  }
  const out: Partial<Record<SkillArea, SkillScore>> = {};
  for (const [area, responses] of perArea) {
    const { theta, se } = estimateFromParams(responses, { priorMean: state.config.priorMean, priorSd: state.config.priorSd });
    out[area] = { theta, se, n: responses.length };
  }
  return out;
}
