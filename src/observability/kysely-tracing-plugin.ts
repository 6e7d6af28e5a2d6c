import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * A span per database query (`db SELECT interviews`), child of the active request or job span.
 * Records the operation and the first table, never the SQL parameters (they hold personal data).
 * A query that fails never reaches `transformResult`; its span is ended by the next scrape of the
 * WeakMap by the garbage collector, i.e. it is dropped rather than exported.
 */
export class KyselyTracingPlugin implements KyselyPlugin {
  private readonly spans = new WeakMap<object, Span>();

  constructor(private readonly system: 'postgres' | 'pglite') {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const operation = operationOf(args.node);
    const table = tableOf(args.node);
    const span = trace.getTracer('excel-interviewer').startSpan(`db ${operation}${table ? ` ${table}` : ''}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation, ...(table ? { 'db.collection.name': table } : {}), 'xi.db.embedded': this.system === 'pglite' },
    });
    this.spans.set(args.queryId, span);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const span = this.spans.get(args.queryId);
    if (span) {
      if (args.result.rows) span.setAttribute('db.response.returned_rows', args.result.rows.length);
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
      this.spans.delete(args.queryId);
    }
    return args.result;
  }
}

function operationOf(node: RootOperationNode): string {
  switch (node.kind) {
    case 'SelectQueryNode':
      return 'SELECT';
    case 'InsertQueryNode':
      return 'INSERT';
    case 'UpdateQueryNode':
      return 'UPDATE';
    case 'DeleteQueryNode':
      return 'DELETE';
    case 'MergeQueryNode':
      return 'MERGE';
    case 'RawNode':
      return 'RAW';
    default:
      return node.kind.replace(/Node$/, '').toUpperCase();
  }
}

function tableOf(node: RootOperationNode): string | undefined {
  const n = node as unknown as { from?: { froms?: { kind: string; table?: { identifier?: { name?: string } } }[] }; into?: { table?: { identifier?: { name?: string } } }; table?: { table?: { identifier?: { name?: string } } } };
  return n.from?.froms?.[0]?.table?.identifier?.name ?? n.into?.table?.identifier?.name ?? n.table?.table?.identifier?.name;
}
