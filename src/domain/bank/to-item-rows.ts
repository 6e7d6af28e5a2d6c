import type { Item, ItemKind, ItemStatus, Level, SkillArea } from './item.js';
import { itemVersionHash } from './item-version-hash.js';

/** What the store keeps per (id, version): the indexed columns and the whole item as JSON. */
export interface ItemRow {
  readonly id: string;
  readonly version: string;
  readonly kind: ItemKind;
  readonly area: SkillArea;
  readonly level: Level;
  readonly status: ItemStatus;
  readonly item: Item;
}

/** Items as store rows, each with its content version (`itemVersionHash`). */
export function toItemRows(items: readonly Item[]): ItemRow[] {
  return items.map((item) => ({ id: item.id, version: itemVersionHash(item), kind: item.kind, area: item.area, level: item.level, status: item.status, item }));
}
