import { ITEM_KINDS, SKILL_AREAS, type Item, type ItemKind, type SkillArea } from './item.js';

export interface BankStats {
  readonly total: number;
  readonly approved: number;
  /** Every kind, area and level appears, with 0 when the bank has none (gaps stay visible). */
  readonly byKind: Readonly<Record<ItemKind, number>>;
  readonly byArea: Readonly<Record<SkillArea, number>>;
  readonly byLevel: Readonly<Record<'1' | '2' | '3' | '4' | '5', number>>;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * Counts of the bank. `total` counts every item; `byKind`, `byArea` and `byLevel` count every
 * item too unless `approvedOnly` (the coverage rules count approved items only).
 */
export function bankStats(items: readonly Item[], options: { readonly approvedOnly?: boolean } = {}): BankStats {
  const byKind = zeroes(ITEM_KINDS);
  const byArea = zeroes(SKILL_AREAS);
  const byLevel = zeroes(['1', '2', '3', '4', '5'] as const);
  let approved = 0;
  for (const item of items) {
    if (item.status === 'approved') approved++;
    if (options.approvedOnly && item.status !== 'approved') continue;
    byKind[item.kind]++;
    byArea[item.area]++;
    byLevel[String(item.level) as keyof typeof byLevel]++;
  }
  return { total: items.length, approved, byKind, byArea, byLevel };
}
