import type { App } from '../../src/api/app.js';

export interface OpenApiRoute {
  readonly method: string;
  /** As in the document: `/api/v1/users/{id}`. */
  readonly path: string;
  readonly key: string;
  readonly bodySchema?: JsonSchema | undefined;
}

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

/** Every route the OpenAPI document lists, with its JSON body schema when it has one. */
export function openApiRoutes(app: App): OpenApiRoute[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };
  const routes: OpenApiRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const upper = method.toUpperCase();
      routes.push({ method: upper, path, key: `${upper} ${path}`, bodySchema: operation.requestBody?.content?.['application/json']?.schema });
    }
  }
  return routes;
}
