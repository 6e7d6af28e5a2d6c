import type { SkillArea } from './item.js';

/**
 * The short id prefix of each area: an item id is `<prefix>.<slug>`, where the prefix is this
 * short form or the full area name (`lookup.xlookup-exact` or `lookups.xlookup-exact`).
 */
export const AREA_ID_PREFIXES: Readonly<Record<SkillArea, string>> = {
  'references-basics': 'ref',
  'logical-functions': 'logic',
  'conditional-aggregation': 'agg',
  lookups: 'lookup',
  'text-cleaning': 'text',
  'dates-times': 'date',
  'errors-auditing': 'audit',
  'tables-structured-references': 'table',
  'pivot-tables': 'pivot',
  'charts-visual-communication': 'chart',
  'validation-conditional-formatting': 'valid',
  'dynamic-arrays-lambda': 'dyn',
  'what-if-analysis': 'whatif',
  'power-query-data-modelling': 'pq',
  'vba-automation': 'vba',
  'financial-functions': 'fin',
};

/** The prefixes an item id in `area` may start with. */
export function idPrefixesFor(area: SkillArea): readonly string[] {
  return [AREA_ID_PREFIXES[area], area];
}

/** True when `id` is `<prefix>.<slug>` with a prefix allowed for `area`. */
export function hasAreaPrefix(id: string, area: SkillArea): boolean {
  const dot = id.indexOf('.');
  return dot > 0 && idPrefixesFor(area).includes(id.slice(0, dot));
}
