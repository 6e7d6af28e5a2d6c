import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Metrics } from './metrics.js';

/** Fills the business gauges from the database at scrape time (cheap aggregate queries). */
export function registerBusinessMetrics(metrics: Metrics, db: Kysely<Database>): void {
  metrics.onScrape(async () => {
    const states = await db.selectFrom('interviews').select(['state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('state').execute();
    metrics.interviewsByState.reset();
    for (const row of states) metrics.interviewsByState.set({ state: row.state }, Number(row.n));
    const started = states.filter((r) => r.state !== 'invited' && r.state !== 'consented').reduce((sum, r) => sum + Number(r.n), 0);
    const completed = Number(states.find((r) => r.state === 'completed')?.n ?? 0);
    metrics.completionRate.set(started > 0 ? completed / started : 0);
    const backlog = await db.selectFrom('review_tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
    metrics.reviewBacklog.set(Number(backlog.n));
    const share = await db
      .selectFrom('responses')
      .select([(eb) => eb.fn.countAll<string>().as('total'), sql<string>`(select count(*) from review_tasks)`.as('reviewed')])
      .executeTakeFirstOrThrow();
    metrics.reviewShare.set(Number(share.total) > 0 ? Number(share.reviewed) / Number(share.total) : 0);
    const mean = await db.selectFrom('interviews').select(sql<string | null>`avg((summary->>'score')::float)`.as('mean')).where('state', '=', 'completed').executeTakeFirstOrThrow();
    metrics.meanScore.set(mean.mean === null ? 0 : Number(mean.mean));
  });
}
