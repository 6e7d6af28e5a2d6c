/**
 * Operations analytics over interview records: the funnel (invited → started → completed),
 * drop-off by the item a candidate left on, durations, interviews live now, score distributions
 * and pass rates over time.
 */
import { finiteOrNull, mean, median, quantile, standardDeviation } from './descriptive.js';

export interface InterviewFact {
  readonly state: 'invited' | 'consented' | 'in-progress' | 'completed' | 'expired' | 'abandoned';
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  /** The open item of an unfinished interview. */
  readonly currentItemId: string | null;
  readonly score: number | null;
}

export interface Funnel {
  readonly invited: number;
  readonly started: number;
  readonly completed: number;
  readonly expired: number;
  readonly abandoned: number;
  readonly liveNow: number;
  readonly startRate: number | null;
  readonly completionRate: number | null;
  readonly medianDurationMin: number | null;
  readonly dropOffByItem: readonly { itemId: string; count: number }[];
}

/**
 * `liveWindowMs`: an in-progress interview counts as live when it started within this window
 * before `now` (a session left open overnight is not live).
 */
export function buildFunnel(facts: readonly InterviewFact[], now: Date, liveWindowMs = 3 * 3_600_000): Funnel {
  const started = facts.filter((f) => f.startedAt !== null);
  const completed = facts.filter((f) => f.state === 'completed');
  const durations = completed.flatMap((f) => (f.startedAt && f.completedAt ? [(f.completedAt.getTime() - f.startedAt.getTime()) / 60_000] : []));
  const drop = new Map<string, number>();
  for (const f of facts) {
    if ((f.state === 'abandoned' || f.state === 'expired' || f.state === 'in-progress') && f.startedAt && f.currentItemId) drop.set(f.currentItemId, (drop.get(f.currentItemId) ?? 0) + 1);
  }
  return {
    invited: facts.length,
    started: started.length,
    completed: completed.length,
    expired: facts.filter((f) => f.state === 'expired').length,
    abandoned: facts.filter((f) => f.state === 'abandoned').length,
    liveNow: facts.filter((f) => f.state === 'in-progress' && f.startedAt && now.getTime() - f.startedAt.getTime() <= liveWindowMs).length,
    startRate: facts.length ? started.length / facts.length : null,
    completionRate: started.length ? completed.length / started.length : null,
    medianDurationMin: finiteOrNull(median(durations)),
    dropOffByItem: [...drop.entries()].map(([itemId, count]) => ({ itemId, count })).sort((a, b) => b.count - a.count || (a.itemId < b.itemId ? -1 : 1)),
  };
}

export interface Distribution {
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly median: number | null;
  readonly p25: number | null;
  readonly p75: number | null;
  /** Bins [from, to) of `width` over 0-100; the last bin includes 100. */
  readonly bins: readonly { from: number; to: number; count: number }[];
}

export function scoreDistribution(scores: readonly number[], width = 10): Distribution {
  const bins: { from: number; to: number; count: number }[] = [];
  for (let from = 0; from < 100; from += width) bins.push({ from, to: Math.min(100, from + width), count: 0 });
  for (const score of scores) {
    const index = Math.min(bins.length - 1, Math.max(0, Math.floor(score / width)));
    const bin = bins[index];
    if (bin) bin.count++;
  }
  return {
    n: scores.length,
    mean: finiteOrNull(mean(scores)),
    sd: finiteOrNull(standardDeviation(scores)),
    median: finiteOrNull(median(scores)),
    p25: finiteOrNull(quantile(scores, 0.25)),
    p75: finiteOrNull(quantile(scores, 0.75)),
    bins,
  };
}

/** The Monday (UTC) of the ISO week a date falls in, as YYYY-MM-DD; or the month as YYYY-MM. */
export function periodOf(date: Date, bucket: 'week' | 'month'): string {
  if (bucket === 'month') return date.toISOString().slice(0, 7);
  const day = (date.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

export interface PassRatePoint {
  readonly period: string;
  readonly completed: number;
  readonly passed: number;
  readonly rate: number;
}

/** Completed interviews per period, and the share at or above `passScore`. */
export function passRatesOverTime(results: readonly { completedAt: Date; score: number }[], passScore: number, bucket: 'week' | 'month' = 'week'): PassRatePoint[] {
  const periods = new Map<string, { completed: number; passed: number }>();
  for (const r of results) {
    const key = periodOf(r.completedAt, bucket);
    const p = periods.get(key) ?? { completed: 0, passed: 0 };
    p.completed++;
    if (r.score >= passScore) p.passed++;
    periods.set(key, p);
  }
  return [...periods.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, p]) => ({ period, ...p, rate: p.passed / p.completed }));
}
