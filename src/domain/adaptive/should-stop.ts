/**
 * Stopping: time and length limits always apply; the precision target (posterior SD ≤ target)
 * ends an adaptive interview once the minimum length and the kind minimums are met. Fixed-form
 * interviews end when the form is done.
 */
import type { ItemKind } from '../bank/item.js';
import type { AdaptiveState } from './adaptive-state.js';

export type StopReason = 'se-target' | 'max-items' | 'max-time' | 'form-complete' | 'bank-exhausted';

export type StopDecision = { readonly stop: false } | { readonly stop: true; readonly reason: StopReason };

export function kindMinimumsMet(state: AdaptiveState): boolean {
  const counts = new Map<ItemKind, number>();
  for (const r of state.responses) if (r.scored) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return (Object.entries(state.config.kindMinimums) as [ItemKind, number][]).every(([kind, min]) => (counts.get(kind) ?? 0) >= min);
}

export function shouldStop(state: AdaptiveState, elapsedSec: number): StopDecision {
  const config = state.config;
  if (config.maxTimeSec !== undefined && elapsedSec >= config.maxTimeSec) return { stop: true, reason: 'max-time' };
  if (config.mode === 'fixed-form') {
    const asked = new Set(state.responses.map((r) => r.itemId));
    return config.fixedForm.every((id) => asked.has(id)) || state.scoredCount >= config.maxItems ? { stop: true, reason: 'form-complete' } : { stop: false };
  }
  if (state.scoredCount >= config.maxItems) return { stop: true, reason: 'max-items' };
  if (state.scoredCount >= config.minItems && state.se <= config.targetSe && kindMinimumsMet(state)) return { stop: true, reason: 'se-target' };
  return { stop: false };
}
