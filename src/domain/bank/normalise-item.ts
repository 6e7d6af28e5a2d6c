import { defaultIrtParams, type Item, type SkillArea } from './item.js';
import { stableJson } from './stable-json.js';

/** The exposure cap an item gets when its file does not set one. */
export const DEFAULT_EXPOSURE_CAP = 0.25;

/** Removes `undefined` fields at every depth (YAML and CSV never produce them; spreads do). */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutUndefined(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out as T;
}

/**
 * Fills what a bank file may leave out: `area` from the file, `irt` from the level
 * (`defaultIrtParams`) and `exposureCap` (0.25). The input must already match the item schema.
 */
export function normaliseItem(raw: Readonly<Record<string, unknown>>, area: SkillArea): Item {
  const draft = withoutUndefined({ ...raw, area }) as unknown as Item;
  const optionCount = draft.kind === 'choice' ? draft.options.length : undefined;
  const multiple = draft.kind === 'choice' ? draft.multiple : undefined;
  return {
    ...draft,
    irt: draft.irt ?? defaultIrtParams(draft.kind, draft.level, optionCount, multiple),
    exposureCap: draft.exposureCap ?? DEFAULT_EXPOSURE_CAP,
  };
}

/**
 * The inverse for writing bank files: leaves out `area` (the file says it) and `irt` /
 * `exposureCap` when they equal their defaults, so a written file reads like a hand-written one.
 */
export function denormaliseItem(item: Item): Record<string, unknown> {
  const { area: _area, irt, exposureCap, ...rest } = item;
  const optionCount = item.kind === 'choice' ? item.options.length : undefined;
  const multiple = item.kind === 'choice' ? item.multiple : undefined;
  const isDefaultIrt = stableJson(irt) === stableJson(defaultIrtParams(item.kind, item.level, optionCount, multiple));
  return {
    ...rest,
    ...(isDefaultIrt ? {} : { irt }),
    ...(exposureCap === DEFAULT_EXPOSURE_CAP ? {} : { exposureCap }),
  };
}
