/**
 * Turns TypeBox's validation errors into a few readable lines. Raw errors for unions list every
 * branch that failed; here a union whose value names a `kind` (or matches one branch's required
 * keys) is re-checked against that branch only, and other unions become "must be <description>".
 */
import type { TSchema } from 'typebox';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';

export interface SchemaError {
  /** Dotted path, `options.2.text`; empty for the value itself. */
  readonly path: string;
  readonly message: string;
}

interface RawError {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (isObject(node)) node = node[seg];
    else return undefined;
  }
  return node;
}

function dotted(pointer: string): string {
  return pointerSegments(pointer).join('.');
}

function join(prefix: string, path: string): string {
  return prefix && path ? `${prefix}.${path}` : prefix || path;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return JSON.stringify(value);
}

/** The branch of a union the value was evidently meant to be, if any. */
function pickBranch(branches: readonly Json[], value: unknown): Json | undefined {
  if (!isObject(value)) return undefined;
  const objectBranches = branches.filter((b) => b['type'] === 'object');
  if (typeof value['kind'] === 'string' || typeof value['model'] === 'string') {
    const key = typeof value['kind'] === 'string' ? 'kind' : 'model';
    const byTag = objectBranches.filter((b) => {
      const tag = (b['properties'] as Json | undefined)?.[key];
      if (!isObject(tag)) return false;
      if (tag['const'] === value[key]) return true;
      return Array.isArray(tag['anyOf']) && (tag['anyOf'] as Json[]).some((t) => t['const'] === value[key]);
    });
    const isTagged = objectBranches.some((b) => isObject((b['properties'] as Json | undefined)?.[key]));
    if (isTagged) return byTag.length === 1 ? byTag[0] : undefined;
  }
  const byKeys = objectBranches.filter((b) => {
    const required = (b['required'] as string[] | undefined) ?? [];
    return required.length > 0 && required.every((k) => k in value);
  });
  return byKeys.length === 1 ? byKeys[0] : undefined;
}

function unionMessage(union: Json, value: unknown): string {
  const branches = (union['anyOf'] as Json[] | undefined) ?? [];
  const consts = branches.map((b) => b['const']);
  if (consts.length > 0 && consts.every((c) => c !== undefined)) {
    return `must be one of ${consts.map((c) => String(c)).join(', ')} (got ${describeValue(value)})`;
  }
  const tagged = branches
    .map((b) => ((b['properties'] as Json | undefined)?.['kind'] as Json | undefined)?.['const'])
    .filter((c): c is string => typeof c === 'string');
  if (tagged.length === branches.length && isObject(value)) {
    return `kind must be one of ${tagged.join(', ')} (got ${describeValue(value['kind'])})`;
  }
  const description = typeof union['description'] === 'string' ? union['description'] : 'one of the allowed forms';
  return `must be ${description} (got ${describeValue(value)})`;
}

function rawMessage(error: RawError, value: unknown): string {
  switch (error.keyword) {
    case 'required':
      return `is required`;
    case 'type':
      return `must be ${String(error.params['type'])} (got ${describeValue(value)})`;
    default:
      return error.message;
  }
}

/**
 * TypeBox buffers at most `maxErrors` (8 by default, a global setting); an author wants every
 * problem of a file at once, so the limit is raised for this synchronous call and restored.
 */
function collectErrors(schema: TSchema, value: unknown): RawError[] {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: 10_000 });
  try {
    return [...Value.Errors(schema, value)] as unknown as RawError[];
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

/** Every problem of `value` against `schema`, deduplicated and ordered by path. */
export function describeSchemaErrors(schema: TSchema, value: unknown): SchemaError[] {
  const errors = collectErrors(schema, value);
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const outermost = unions.filter((u) => !unions.some((o) => o !== u && u.schemaPath.startsWith(`${o.schemaPath}/anyOf/`)));
  const out: SchemaError[] = [];
  for (const error of errors) {
    if (outermost.some((u) => error.schemaPath.startsWith(`${u.schemaPath}/anyOf/`))) continue;
    if (error.keyword === 'anyOf' && !outermost.includes(error)) continue;
    const target = at(value, error.instancePath);
    if (error.keyword === 'anyOf') {
      const union = at(schema, error.schemaPath) as Json;
      const branch = pickBranch((union['anyOf'] as Json[] | undefined) ?? [], target);
      if (branch) {
        const nested = describeSchemaErrors(branch as TSchema, target);
        out.push(...nested.map((n) => ({ path: join(dotted(error.instancePath), n.path), message: n.message })));
      } else {
        out.push({ path: dotted(error.instancePath), message: unionMessage(union, target) });
      }
      continue;
    }
    if (error.keyword === 'boolean') continue; // the additionalProperties error below names the field
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params['additionalProperties'] as string[] | undefined) ?? [];
      for (const name of extra) out.push({ path: join(dotted(error.instancePath), name), message: 'is not a known field' });
      continue;
    }
    if (error.keyword === 'required') {
      const missing = (error.params['requiredProperties'] as string[] | undefined) ?? [];
      if (missing.length > 0) {
        for (const name of missing) out.push({ path: join(dotted(error.instancePath), name), message: 'is required' });
        continue;
      }
    }
    out.push({ path: dotted(error.instancePath), message: rawMessage(error, target) });
  }
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
