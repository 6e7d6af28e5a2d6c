import { stringify } from 'yaml';
import type { Item, SkillArea } from './item.js';
import { denormaliseItem } from './normalise-item.js';

/** One bank file's YAML text; defaults are left out so it reads like a hand-written file. */
export function serialiseBankFile(area: SkillArea, items: readonly Item[]): string {
  return stringify({ area, items: items.map(denormaliseItem) }, { lineWidth: 0 });
}

/**
 * Lays items out the way the repository's bank is organised: choice and concept items in
 * `<area>.yaml`, formula and workbook items in `hands-on/<area>.yaml`. Returns path → YAML text.
 */
export function serialiseBankFiles(items: readonly Item[]): Readonly<Record<string, string>> {
  const groups = new Map<string, { area: SkillArea; items: Item[] }>();
  for (const item of items) {
    const path = item.kind === 'formula' || item.kind === 'workbook' ? `hands-on/${item.area}.yaml` : `${item.area}.yaml`;
    const group = groups.get(path) ?? { area: item.area, items: [] };
    group.items.push(item);
    groups.set(path, group);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([path, g]) => [path, serialiseBankFile(g.area, g.items)]));
}
