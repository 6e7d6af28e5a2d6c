/**
 * The one call the interview engine makes between answers: stop (with the reason) or ask this
 * item (with the reason it was chosen). Combines `shouldStop` and `selectNextItem`.
 */
import type { Item } from '../bank/item.js';
import type { AdaptiveState } from './adaptive-state.js';
import { selectNextItem, type SelectionContext } from './select-next-item.js';
import type { SelectionReason } from './selection-reason.js';
import { shouldStop, type StopReason } from './should-stop.js';

export type NextStep =
  | { readonly kind: 'ask'; readonly item: Item; readonly reason: SelectionReason }
  | { readonly kind: 'stop'; readonly reason: StopReason };

export function nextStep(bank: readonly Item[], state: AdaptiveState, context: SelectionContext, elapsedSec: number): NextStep {
  const decision = shouldStop(state, elapsedSec);
  if (decision.stop) return { kind: 'stop', reason: decision.reason };
  const selection = selectNextItem(bank, state, context);
  if (!selection) return { kind: 'stop', reason: state.config.mode === 'fixed-form' ? 'form-complete' : 'bank-exhausted' };
  return { kind: 'ask', item: selection.item, reason: selection.reason };
}
