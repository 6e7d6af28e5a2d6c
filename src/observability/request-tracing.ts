import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * One server span per request: continues an incoming W3C `traceparent`, carries the request id
 * (`xi.request_id`) and the route pattern (never the raw URL, which may hold an invite token), and
 * is the active context for the handler so database, grading and LLM spans become its children.
 * Every log line of the request gains `traceId`.
 */
export function registerRequestTracing(app: FastifyInstance): void {
  const tracer = trace.getTracer('excel-interviewer');
  app.addHook('onRequest', (request, reply, done) => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'http.route': request.routeOptions.url ?? 'unmatched', 'xi.request_id': request.id },
    }, parent);
    spans.set(request, span);
    const traceId = span.spanContext().traceId;
    request.log = request.log.child({ traceId });
    reply.log = request.log;
    reply.header('traceparent', `00-${traceId}-${span.spanContext().spanId}-01`);
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onError', async (request, _reply, error) => {
    const span = spans.get(request);
    span?.recordException(error);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    spans.delete(request);
  });
}
