import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Something the metrics endpoint asks at scrape time (database counts, queue depth). */
export type ScrapeProbe = () => Promise<void>;

/**
 * The Prometheus instruments of one instance. Request metrics are filled by the API, grading
 * metrics by the grading service, business gauges at scrape time from the database.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly answersGraded: Counter<'grader' | 'kind'>;
  readonly gradingDuration: Histogram<'kind'>;
  readonly llmCalls: Counter<'outcome'>;
  readonly interviewsByState: Gauge<'state'>;
  readonly reviewBacklog: Gauge;
  readonly completionRate: Gauge;
  readonly meanScore: Gauge;
  readonly reviewShare: Gauge;
  readonly queueDepth: Gauge<'state'>;
  readonly jobFailures: Counter<'job'>;
  readonly dbPool: Gauge<'state'>;
  private readonly probes: ScrapeProbe[] = [];

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'xi_' });
    const registers = [this.registry];
    this.httpRequests = new Counter({ name: 'xi_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers });
    this.httpDuration = new Histogram({ name: 'xi_http_request_duration_seconds', help: 'HTTP latency by route', labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers });
    this.answersGraded = new Counter({ name: 'xi_answers_graded_total', help: 'Answers graded, by grader and item kind', labelNames: ['grader', 'kind'], registers });
    this.gradingDuration = new Histogram({ name: 'xi_grading_duration_seconds', help: 'Time to grade one answer', labelNames: ['kind'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 3, 10], registers });
    this.llmCalls = new Counter({ name: 'xi_llm_calls_total', help: 'LLM grading calls by outcome', labelNames: ['outcome'], registers });
    this.interviewsByState = new Gauge({ name: 'xi_interviews', help: 'Interviews by state', labelNames: ['state'], registers });
    this.reviewBacklog = new Gauge({ name: 'xi_review_backlog', help: 'Open review tasks', registers });
    this.completionRate = new Gauge({ name: 'xi_completion_rate', help: 'Completed / started interviews', registers });
    this.meanScore = new Gauge({ name: 'xi_mean_score', help: 'Mean scaled score of completed interviews', registers });
    this.reviewShare = new Gauge({ name: 'xi_review_share', help: 'Share of responses routed to human review', registers });
    this.queueDepth = new Gauge({ name: 'xi_job_queue_depth', help: 'Jobs by state', labelNames: ['state'], registers });
    this.jobFailures = new Counter({ name: 'xi_job_failures_total', help: 'Failed job attempts', labelNames: ['job'], registers });
    this.dbPool = new Gauge({ name: 'xi_db_pool_connections', help: 'Database pool connections by state', labelNames: ['state'], registers });
  }

  /** Adds work to do before each scrape. */
  onScrape(probe: ScrapeProbe): void {
    this.probes.push(probe);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.allSettled(this.probes.map((probe) => probe()));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
