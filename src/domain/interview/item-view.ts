/**
 * What the candidate may see of an item: the task and its visible data, never the answer key,
 * the reference solution, hidden variants, rubric or model answer.
 */
import type { Item, NamedRangeInput, SheetInput } from '../bank/item.js';

export type ItemView =
  | { readonly kind: 'choice'; readonly id: string; readonly prompt: string; readonly timeLimitSec: number; readonly multiple: boolean; readonly options: readonly { readonly id: string; readonly text: string }[] }
  | {
      readonly kind: 'formula';
      readonly id: string;
      readonly prompt: string;
      readonly timeLimitSec: number;
      readonly sheets: readonly SheetInput[];
      readonly namedRanges: readonly NamedRangeInput[];
      readonly answerCell: string;
      readonly fillTo?: string;
      readonly spill: boolean;
    }
  | { readonly kind: 'workbook'; readonly id: string; readonly prompt: string; readonly timeLimitSec: number; readonly instructions: readonly string[]; readonly macrosAllowed: boolean }
  | { readonly kind: 'concept'; readonly id: string; readonly prompt: string; readonly timeLimitSec: number };

export function toItemView(item: Item, timeFactor = 1): ItemView {
  const base = { id: item.id, prompt: item.prompt, timeLimitSec: Math.round(item.timeLimitSec * timeFactor) };
  switch (item.kind) {
    case 'choice':
      return { ...base, kind: 'choice', multiple: item.multiple, options: item.options.map((o) => ({ id: o.id, text: o.text })) };
    case 'formula':
      return {
        ...base,
        kind: 'formula',
        sheets: item.sheets,
        namedRanges: item.namedRanges ?? [],
        answerCell: item.answerCell,
        ...(item.fillTo ? { fillTo: item.fillTo } : {}),
        spill: item.spill ?? false,
      };
    case 'workbook':
      return { ...base, kind: 'workbook', instructions: item.instructions, macrosAllowed: item.macrosAllowed ?? false };
    case 'concept':
      return { ...base, kind: 'concept' };
    default: {
      const unreachable: never = item;
      throw new Error(`unknown item ${JSON.stringify(unreachable)}`);
    }
  }
}

