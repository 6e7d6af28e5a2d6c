import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifySchema } from 'fastify';

// ajv-formats is CommonJS with a default export that ESM interop wraps; require it plainly.
const addFormats = createRequire(import.meta.url)('ajv-formats') as (ajv: Ajv) => Ajv;

/**
 * Request validation with two rule sets: query strings, params and headers are text on the wire,
 * so their values are coerced to the schema's types (`limit=20` → 20); JSON bodies are not, so
 * `{"accepted":"true"}` is a wrong type and is rejected rather than quietly converted.
 */
export function registerValidatorCompiler(app: FastifyInstance): void {
  let compilers: { strict: Ajv; coercing: Ajv } | undefined;
  const build = () => {
    const make = (coerceTypes: boolean | 'array') => {
      const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: false, strict: false });
      addFormats(ajv);
      // Shared schemas registered with app.addSchema must be known to both instances.
      for (const schema of Object.values(app.getSchemas())) ajv.addSchema(schema as object);
      return ajv;
    };
    return { strict: make(false), coercing: make('array') };
  };
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) => {
    compilers ??= build();
    const validate: ValidateFunction = (httpPart === 'body' ? compilers.strict : compilers.coercing).compile(schema as object);
    return validate as never;
  });
}
