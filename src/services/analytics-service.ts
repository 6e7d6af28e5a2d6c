import { calibrateItems, detectDrift, gradeToCategory, type CalibratedItem } from '../domain/adaptive/index.js';
import {
  buildFunnel,
  cronbachAlpha,
  distractorAnalysis,
  facility,
  finiteOrNull,
  flagItem,
  impactRatios,
  mantelHaenszel,
  mean,
  median,
  passRatesOverTime,
  pointBiserial,
  scoreDistribution,
  standardDeviation,
  standardErrorOfMeasurement,
  testInformationCurve,
  upperLowerIndex,
  variance,
  type DifObservation,
  type DistractorRow,
  type Distribution,
  type Funnel,
  type ImpactRow,
  type InformationPoint,
  type ItemFlag,
  type MantelHaenszelResult,
  type PassRatePoint,
} from '../domain/analytics/index.js';
import type { IrtParams, Item } from '../domain/bank/item.js';
import { agreement, type Agreement } from '../domain/grading/review/agreement.js';
import { skillTitle } from '../domain/report/index.js';
import type { AnalyticsRepository, InterviewFactRow } from '../store/repositories/analytics-repository.js';
import type { ItemRepository } from '../store/repositories/item-repository.js';
import type { ProfileRepository } from '../store/repositories/profile-repository.js';
import type { ReviewRepository } from '../store/repositories/review-repository.js';
import { invalidInput, notFound } from './errors.js';

interface StoredSummary {
  readonly theta: number;
  readonly se: number;
  readonly score: number;
  readonly skills?: Record<string, { score: number; se: number; n: number }>;
}

export interface ItemAnalysisRow {
  readonly itemId: string;
  readonly kind: string;
  readonly area: string;
  readonly level: number;
  readonly status: string;
  readonly n: number;
  readonly facility: number | null;
  readonly pointBiserial: number | null;
  readonly upperLower: number | null;
  readonly medianTimeSec: number | null;
  readonly exposureRate: number | null;
  readonly exposureCap: number;
  readonly routedToReview: number | null;
  readonly irt: IrtParams | null;
  readonly irtSe: CalibratedItem['se'] | null;
  readonly drift: { readonly iccRmsd: number; readonly deltaA: number; readonly deltaB: number; readonly flagged: boolean; readonly against: 'fresh-calibration' | 'previous-version' } | null;
  readonly distractors: readonly DistractorRow[] | null;
  readonly flags: readonly ItemFlag[];
}

export interface FormAnalysis {
  readonly interviews: number;
  readonly items: number;
  /** Cronbach's alpha over the complete-case matrix (persons who took every common item). */
  readonly alpha: number | null;
  readonly alphaPersons: number;
  readonly alphaItems: number;
  /** SEM of the raw total from alpha (raw points). */
  readonly semRaw: number | null;
  /** IRT marginal reliability var(θ̂) / (var(θ̂) + mean SE²), and the mean SE on the 0-100 scale. */
  readonly marginalReliability: number | null;
  readonly semScaled: number | null;
  /** Which criterion item statistics use: the raw total (everyone took the same items) or the ability estimate. */
  readonly criterion: 'raw-total' | 'ability';
  readonly informationCurve: readonly InformationPoint[];
}

export interface AnalyticsServiceDeps {
  readonly analytics: AnalyticsRepository;
  readonly reviews: ReviewRepository;
  readonly items: ItemRepository;
  readonly profiles: ProfileRepository;
  readonly now?: () => Date;
}

const proportion = (r: { score: number; maxScore: number }) => (r.maxScore > 0 ? r.score / r.maxScore : 0);
const summaryOf = (f: InterviewFactRow) => (f.summary ?? null) as StoredSummary | null;

/**
 * Analytics for the assessment owner: operations (funnel, live interviews), score distributions,
 * pass rates, item and form analysis, grader quality and fairness. Every query is scoped to one
 * organisation; results are aggregates or pseudonymous, never names or emails.
 */
export class AnalyticsService {
  private readonly now: () => Date;

  constructor(private readonly deps: AnalyticsServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private async checkProfile(organisationId: string, profileId: string | undefined) {
    if (!profileId) return undefined;
    const profile = await this.deps.profiles.find(profileId, organisationId);
    if (!profile) throw notFound('profile', profileId);
    return profile;
  }

  async overview(organisationId: string, profileId?: string): Promise<{ funnel: Funnel; live: { id: string; itemsAsked: number; currentItemId: string | null; startedAt: string }[]; invitationsByWeek: { period: string; invited: number; completed: number }[] }> {
    await this.checkProfile(organisationId, profileId);
    const facts = await this.deps.analytics.interviewFacts(organisationId, profileId);
    const now = this.now();
    const funnel = buildFunnel(facts.map((f) => ({ ...f, score: summaryOf(f)?.score ?? null })), now);
    const live = facts.filter((f) => f.state === 'in-progress' && f.startedAt).map((f) => ({ id: f.id, itemsAsked: f.itemsAsked, currentItemId: f.currentItemId, startedAt: (f.startedAt as Date).toISOString() }));
    const weeks = new Map<string, { invited: number; completed: number }>();
    const week = (d: Date) => {
      const day = (d.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
    };
    for (const f of facts) {
      const w = weeks.get(week(f.createdAt)) ?? { invited: 0, completed: 0 };
      w.invited++;
      weeks.set(week(f.createdAt), w);
      if (f.completedAt) {
        const c = weeks.get(week(f.completedAt)) ?? { invited: 0, completed: 0 };
        c.completed++;
        weeks.set(week(f.completedAt), c);
      }
    }
    return { funnel, live, invitationsByWeek: [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, v]) => ({ period, ...v })) };
  }

  async distributions(organisationId: string, profileId?: string): Promise<{ overall: Distribution; skills: { area: string; title: string; distribution: Distribution }[] }> {
    await this.checkProfile(organisationId, profileId);
    const summaries = (await this.deps.analytics.interviewFacts(organisationId, profileId)).filter((f) => f.state === 'completed').flatMap((f) => (summaryOf(f) ? [summaryOf(f) as StoredSummary] : []));
    const areas = new Map<string, number[]>();
    for (const s of summaries) for (const [area, skill] of Object.entries(s.skills ?? {})) areas.set(area, [...(areas.get(area) ?? []), skill.score]);
    return {
      overall: scoreDistribution(summaries.map((s) => s.score)),
      skills: [...areas.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([area, scores]) => ({ area, title: skillTitle(area), distribution: scoreDistribution(scores) })),
    };
  }

  async passRates(organisationId: string, options: { profileId?: string | undefined; bucket: 'week' | 'month'; passScore?: number | undefined }): Promise<{ passScore: number; points: PassRatePoint[] }> {
    const profile = await this.checkProfile(organisationId, options.profileId);
    const passScore = options.passScore ?? profile?.passScore ?? 60;
    const facts = await this.deps.analytics.interviewFacts(organisationId, options.profileId);
    const results = facts.flatMap((f) => (f.state === 'completed' && f.completedAt && summaryOf(f) ? [{ completedAt: f.completedAt, score: (summaryOf(f) as StoredSummary).score }] : []));
    return { passScore, points: passRatesOverTime(results, passScore, options.bucket) };
  }

  /** Item statistics and the form's reliability and information. */
  async itemAnalysis(organisationId: string, profileId?: string): Promise<{ form: FormAnalysis; items: ItemAnalysisRow[] }> {
    await this.checkProfile(organisationId, profileId);
    const [facts, responses, routed] = await Promise.all([
      this.deps.analytics.interviewFacts(organisationId, profileId),
      this.deps.analytics.responseFacts(organisationId, profileId),
      this.deps.reviews.routedCounts(organisationId),
    ]);
    const factById = new Map(facts.map((f) => [f.id, f]));
    const scored = responses.filter((r) => !r.isPretest);
    const byInterview = groupBy(scored, (r) => r.interviewId);
    const itemIds = [...new Set(responses.map((r) => r.itemId))].sort();
    const items = new Map<string, Item>();
    for (const id of itemIds) {
      const stored = await this.deps.items.findCurrent(id);
      if (stored) items.set(id, stored.item);
    }

    // The criterion: raw totals when every interview took the same scored items, else the ability estimate.
    const signatures = new Set([...byInterview.values()].map((rs) => rs.map((r) => r.itemId).sort().join('|')));
    const criterion: FormAnalysis['criterion'] = signatures.size <= 1 ? 'raw-total' : 'ability';
    const criterionOf = new Map<string, number>();
    for (const [interviewId, rs] of byInterview) {
      if (criterion === 'raw-total') criterionOf.set(interviewId, rs.reduce((s, r) => s + proportion(r), 0));
      else {
        const summary = summaryOf(factById.get(interviewId) as InterviewFactRow);
        if (summary) criterionOf.set(interviewId, summary.theta);
      }
    }

    // Reliability: alpha over the complete-case matrix of items most interviews took.
    const interviewsWithAnswers = [...byInterview.keys()];
    const commonItems = itemIds.filter((id) => scored.filter((r) => r.itemId === id).length >= Math.max(2, interviewsWithAnswers.length * 0.5));
    const matrix: number[][] = [];
    for (const rs of byInterview.values()) {
      const byItem = new Map(rs.map((r) => [r.itemId, proportion(r)]));
      if (commonItems.every((id) => byItem.has(id))) matrix.push(commonItems.map((id) => byItem.get(id) as number));
    }
    const alpha = finiteOrNull(cronbachAlpha(matrix));
    const rawTotals = matrix.map((row) => row.reduce((s, v) => s + v, 0));
    const summaries = facts.filter((f) => f.state === 'completed').flatMap((f) => (summaryOf(f) ? [summaryOf(f) as StoredSummary] : []));
    const thetaVar = variance(summaries.map((s) => s.theta));
    const meanSe2 = mean(summaries.map((s) => s.se * s.se));
    const marginal = finiteOrNull(thetaVar / (thetaVar + meanSe2));

    // Calibration from this organisation's data, for standard errors and drift (items with enough responses).
    const calibrationItems = [...items.values()].map((item) => ({ id: item.id, irt: item.irt }));
    let calibrated = new Map<string, CalibratedItem>();
    if (scored.length >= 200 && scored.length <= 200_000) {
      const result = calibrateItems(
        scored.flatMap((r) => (items.has(r.itemId) ? [{ personId: r.interviewId, itemId: r.itemId, category: gradeToCategory((items.get(r.itemId) as Item).irt, r) }] : [])),
        calibrationItems,
        { minResponses: 100, maxIterations: 200 },
      );
      calibrated = new Map(result.items.filter((c) => c.status === 'calibrated').map((c) => [c.itemId, c]));
    }
    const history = await this.deps.analytics.irtHistory(itemIds);

    const started = facts.filter((f) => f.startedAt !== null).length;
    const rows: ItemAnalysisRow[] = [];
    for (const itemId of itemIds) {
      const item = items.get(itemId);
      const all = responses.filter((r) => r.itemId === itemId);
      const observations = all.flatMap((r) => (criterionOf.has(r.interviewId) ? [{ score: r.score, maxScore: r.maxScore, total: criterionOf.get(r.interviewId) as number }] : []));
      const times = all.flatMap((r) => (r.presentedAt ? [(r.answeredAt.getTime() - r.presentedAt.getTime()) / 1000] : []));
      const exposed = new Set(all.map((r) => r.interviewId)).size;
      const fresh = calibrated.get(itemId);
      const versions = history.get(itemId) ?? [];
      const previous = versions.filter((v) => !v.isCurrent).at(-1);
      const current = item?.irt ?? versions.find((v) => v.isCurrent)?.irt ?? null;
      let drift: ItemAnalysisRow['drift'] = null;
      if (current && fresh) {
        const report = detectDrift(new Map([[itemId, current]]), new Map([[itemId, fresh.params]]))[0];
        if (report) drift = { iccRmsd: report.iccRmsd, deltaA: report.deltaA, deltaB: report.deltaB, flagged: report.flagged, against: 'fresh-calibration' };
      } else if (current && previous) {
        const report = detectDrift(new Map([[itemId, previous.irt]]), new Map([[itemId, current]]))[0];
        if (report) drift = { iccRmsd: report.iccRmsd, deltaA: report.deltaA, deltaB: report.deltaB, flagged: report.flagged, against: 'previous-version' };
      }
      let distractors: DistractorRow[] | null = null;
      if (item?.kind === 'choice') {
        const selections = await this.deps.analytics.choiceSelections(organisationId, itemId, profileId);
        distractors = distractorAnalysis(
          item.options.map((o) => ({ id: o.id, correct: o.correct })),
          selections.flatMap((s) => (criterionOf.has(s.interviewId) ? [{ selected: s.selected, total: criterionOf.get(s.interviewId) as number }] : [])),
        );
      }
      const fac = finiteOrNull(facility(all.map((r) => ({ score: r.score, maxScore: r.maxScore, total: 0 }))));
      const pbis = finiteOrNull(pointBiserial(observations, criterion === 'raw-total'));
      const exposureRate = started > 0 ? exposed / started : null;
      const exposureCap = item?.exposureCap ?? 0.25;
      rows.push({
        itemId,
        kind: item?.kind ?? '',
        area: item?.area ?? '',
        level: item?.level ?? 0,
        status: item?.status ?? 'unknown',
        n: all.length,
        facility: fac,
        pointBiserial: pbis,
        upperLower: finiteOrNull(upperLowerIndex(observations)),
        medianTimeSec: finiteOrNull(median(times)),
        exposureRate,
        exposureCap,
        routedToReview: all.length ? (routed.get(itemId) ?? 0) / all.length : null,
        irt: fresh?.params ?? current,
        irtSe: fresh?.se ?? null,
        drift,
        distractors,
        flags: flagItem({ n: all.length, facility: fac, pointBiserial: pbis, exposureRate, exposureCap, driftFlagged: drift?.flagged ?? false, distractorProblem: distractors?.some((d) => d.problem !== undefined) ?? false }),
      });
    }
    const form: FormAnalysis = {
      interviews: byInterview.size,
      items: itemIds.length,
      alpha,
      alphaPersons: matrix.length,
      alphaItems: commonItems.length,
      semRaw: alpha === null ? null : finiteOrNull(standardErrorOfMeasurement(standardDeviation(rawTotals), alpha)),
      marginalReliability: marginal,
      semScaled: finiteOrNull(15 * Math.sqrt(meanSe2)),
      criterion,
      informationCurve: testInformationCurve(rows.flatMap((r) => (r.irt && r.status !== 'draft' ? [r.irt] : []))),
    };
    return { form, items: rows };
  }

  /** Machine grades against human reviews: overall, per item and per month (scores normalised to 0-4), and the share routed to review. */
  async graderQuality(organisationId: string, profileId?: string): Promise<{ overall: Agreement | null; byItem: { itemId: string; agreement: Agreement }[]; overTime: { period: string; agreement: Agreement }[]; routedShare: number | null; reviewed: number }> {
    await this.checkProfile(organisationId, profileId);
    const decided = await this.deps.reviews.decided(organisationId, profileId);
    const toFour = (score: number, max: number) => (max > 0 ? Math.round((4 * score) / max) : 0);
    const pairs = decided.map((d) => ({ machine: toFour(d.machineScore, d.maxScore), human: toFour(d.finalScore, d.maxScore), itemId: d.itemId, maxScore: d.maxScore, raw: d, period: d.decidedAt.toISOString().slice(0, 7) }));
    const byItem = [...groupBy(decided, (d) => d.itemId).entries()].map(([itemId, ds]) => ({ itemId, agreement: agreement(ds.map((d) => ({ machine: d.machineScore, human: d.finalScore })), ds[0]?.maxScore ?? 4) }));
    const overTime = [...groupBy(pairs, (p) => p.period).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, ps]) => ({ period, agreement: agreement(ps) }));
    const responses = await this.deps.analytics.responseFacts(organisationId, profileId);
    const routed = await this.deps.reviews.routedCounts(organisationId);
    const itemsInScope = new Set(responses.map((r) => r.itemId));
    const routedTotal = [...routed.entries()].filter(([id]) => itemsInScope.has(id)).reduce((s, [, n]) => s + n, 0);
    return { overall: pairs.length ? agreement(pairs) : null, byItem, overTime, routedShare: responses.length ? routedTotal / responses.length : null, reviewed: decided.length };
  }

  /**
   * Fairness from volunteered demographics: impact ratios of pass rates per group of each attribute
   * (four-fifths rule), and Mantel-Haenszel DIF per item (the largest group as reference, candidates
   * matched on their overall score in bands of 10; an answer counts as correct at half marks or more).
   */
  async fairness(organisationId: string, options: { profileId?: string | undefined; passScore?: number | undefined; minGroupSize?: number | undefined } = {}): Promise<{
    passScore: number;
    candidatesWithData: number;
    attributes: { attribute: string; impact: ImpactRow[]; dif: { itemId: string; reference: string; focal: string; result: MantelHaenszelResult }[] }[];
  }> {
    const profile = await this.checkProfile(organisationId, options.profileId);
    const passScore = options.passScore ?? profile?.passScore ?? 60;
    if (passScore < 0 || passScore > 100) throw invalidInput('passScore must be within 0-100');
    const [facts, responses, demographics] = await Promise.all([
      this.deps.analytics.interviewFacts(organisationId, options.profileId),
      this.deps.analytics.responseFacts(organisationId, options.profileId),
      this.deps.analytics.demographics(organisationId),
    ]);
    const completed = facts.filter((f) => f.state === 'completed' && f.candidateId && demographics.has(f.candidateId) && summaryOf(f));
    const attributes = [...new Set([...demographics.values()].flatMap((d) => Object.keys(d)))].sort();
    const responsesByInterview = groupBy(responses.filter((r) => !r.isPretest), (r) => r.interviewId);
    const out = attributes.map((attribute) => {
      const groupOf = (f: InterviewFactRow) => demographics.get(f.candidateId as string)?.[attribute];
      const inAttribute = completed.filter((f) => groupOf(f) !== undefined && groupOf(f) !== '' && groupOf(f) !== 'prefer-not-to-say');
      const groups = groupBy(inAttribute, (f) => groupOf(f) as string);
      const impact = impactRatios([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([group, fs]) => ({ group, total: fs.length, selected: fs.filter((f) => (summaryOf(f) as StoredSummary).score >= passScore).length })));
      const ordered = [...groups.entries()].sort(([ga, a], [gb, b]) => b.length - a.length || (ga < gb ? -1 : 1));
      const reference = ordered[0]?.[0];
      const dif: { itemId: string; reference: string; focal: string; result: MantelHaenszelResult }[] = [];
      if (reference !== undefined) {
        const observationsByItem = new Map<string, { group: string; stratum: number; correct: boolean }[]>();
        for (const f of inAttribute) {
          const stratum = Math.floor((summaryOf(f) as StoredSummary).score / 10);
          for (const r of responsesByInterview.get(f.id) ?? []) {
            observationsByItem.set(r.itemId, [...(observationsByItem.get(r.itemId) ?? []), { group: groupOf(f) as string, stratum, correct: proportion(r) >= 0.5 }]);
          }
        }
        for (const [focal] of ordered.slice(1)) {
          for (const [itemId, obs] of [...observationsByItem.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
            const pairs: DifObservation[] = obs.filter((o) => o.group === reference || o.group === focal).map((o) => ({ group: o.group === reference ? 'reference' : 'focal', stratum: o.stratum, correct: o.correct }));
            const result = mantelHaenszel(pairs);
            if (result && result.reference >= (options.minGroupSize ?? 1) && result.focal >= (options.minGroupSize ?? 1)) dif.push({ itemId, reference, focal, result });
          }
        }
      }
      return { attribute, impact, dif };
    });
    return { passScore, candidatesWithData: completed.length, attributes: out };
  }
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) {
    const k = key(v);
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}

