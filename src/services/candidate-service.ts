import { readCsv } from '../domain/bank/csv/rfc4180.js';
import type { CandidateRepository } from '../store/repositories/candidate-repository.js';
import type { AnalyticsRepository } from '../store/repositories/analytics-repository.js';
import type { InterviewRepository } from '../store/repositories/interview-repository.js';
import type { ProfileRepository } from '../store/repositories/profile-repository.js';
import type { InterviewState } from '../store/schema.js';
import { AppError, invalidInput, notFound } from './errors.js';
import type { BusEvent, EventBus } from './event-bus.js';
import { hashToken, type InterviewService } from './interview-service.js';

export interface CandidateRow {
  readonly interviewId: string;
  readonly candidateId: string | null;
  readonly name: string;
  readonly email: string;
  readonly profileId: string;
  readonly profileName: string;
  readonly state: InterviewState;
  readonly itemsAsked: number;
  readonly currentItemId: string | null;
  readonly score: number | null;
  readonly label: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly inviteExpiresAt: string;
}

export interface ImportResult {
  readonly invited: { line: number; name: string; email: string; interviewId: string; inviteUrl: string }[];
  readonly problems: { line: number; message: string }[];
}

export interface CandidateServiceDeps {
  readonly interviews: InterviewService;
  readonly interviewRecords: InterviewRepository;
  readonly candidates: CandidateRepository;
  readonly profiles: ProfileRepository;
  readonly analytics: AnalyticsRepository;
  readonly events: EventBus;
  readonly now?: () => Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_IMPORT_ROWS = 1000;
/** Answers a candidate may volunteer; anything else is refused rather than stored. */
const DEMOGRAPHIC_KEYS = new Set(['sex', 'gender', 'race-ethnicity', 'age-band', 'disability', 'veteran']);

/** Candidates and their invitations as recruiters see them; CSV import; live status; volunteered demographics. */
export class CandidateService {
  private readonly now: () => Date;

  constructor(private readonly deps: CandidateServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async list(organisationId: string, filter: { profileId?: string | undefined; state?: InterviewState | undefined; limit?: number | undefined }): Promise<CandidateRow[]> {
    const records = await this.deps.interviewRecords.list(organisationId, { ...(filter.profileId ? { profileId: filter.profileId } : {}), ...(filter.state ? { state: filter.state } : {}), limit: filter.limit ?? 200, offset: 0 });
    const profiles = new Map((await this.deps.profiles.list(organisationId)).map((p) => [p.id, p.name]));
    const rows: CandidateRow[] = [];
    for (const r of records) {
      const candidate = r.candidateId ? await this.deps.candidates.find(r.candidateId, organisationId) : undefined;
      const summary = r.summary as { score?: number; label?: string } | null;
      rows.push({
        interviewId: r.id,
        candidateId: r.candidateId,
        name: candidate?.name ?? '',
        email: candidate?.email ?? '',
        profileId: r.profileId,
        profileName: profiles.get(r.profileId) ?? '',
        state: r.state,
        itemsAsked: r.session.itemsAsked,
        currentItemId: r.session.current?.itemId ?? null,
        score: summary?.score ?? null,
        label: summary?.label ?? null,
        createdAt: r.createdAt.toISOString(),
        startedAt: r.startedAt?.toISOString() ?? null,
        completedAt: r.completedAt?.toISOString() ?? null,
        inviteExpiresAt: r.inviteExpiresAt.toISOString(),
      });
    }
    return rows;
  }

  /**
   * Invites every row of a CSV (header row with `name` and `email`; `phone` and `external_id`
   * optional). Bad rows are reported by line and skipped; good rows are invited.
   */
  async importCsv(organisationId: string, input: { profileId: string; csv: string; expiresInDays?: number | undefined }): Promise<ImportResult> {
    const profile = await this.deps.profiles.find(input.profileId, organisationId);
    if (!profile) throw notFound('profile', input.profileId);
    let parsed: string[][];
    try {
      parsed = readCsv(input.csv.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw invalidInput(`The CSV could not be read: ${(error as Error).message}`);
    }
    const rows = parsed.filter((r) => r.some((cell) => cell.trim() !== ''));
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
    const column = (name: string) => header.indexOf(name);
    if (column('name') < 0 || column('email') < 0) throw invalidInput('The CSV needs a header row with at least the columns name and email.', { header });
    if (rows.length - 1 > MAX_IMPORT_ROWS) throw invalidInput(`Import at most ${MAX_IMPORT_ROWS} candidates at a time.`);
    const invited: ImportResult['invited'] = [];
    const problems: ImportResult['problems'] = [];
    const seen = new Set<string>();
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i] as string[];
      const line = i + 1;
      const cell = (name: string) => (column(name) >= 0 ? (row[column(name)] ?? '').trim() : '');
      const name = cell('name');
      const email = cell('email').toLowerCase();
      if (!name) problems.push({ line, message: 'name is empty' });
      else if (!EMAIL.test(email)) problems.push({ line, message: `"${email}" is not an email address` });
      else if (seen.has(email)) problems.push({ line, message: `${email} appears twice in the file` });
      else {
        seen.add(email);
        const phone = cell('phone');
        const externalId = cell('external_id');
        const created = await this.deps.interviews.invite({
          organisationId,
          profileId: profile.id,
          candidate: { name, email, ...(phone ? { phone } : {}), ...(externalId ? { externalId } : {}) },
          expiresInDays: input.expiresInDays,
        });
        invited.push({ line, name, email, interviewId: created.interview.id, inviteUrl: created.url });
      }
    }
    return { invited, problems };
  }

  /** Demographic answers the candidate chose to give, stored sealed and apart; never read by scoring. */
  async volunteerDemographics(inviteToken: string, data: Readonly<Record<string, string>>): Promise<void> {
    const record = await this.deps.interviewRecords.findByTokenHash(hashToken(inviteToken));
    if (!record) throw new AppError('unauthorized', 'This invitation link is not valid.');
    if (!record.candidateId) return;
    const clean = Object.fromEntries(Object.entries(data).filter(([k, v]) => DEMOGRAPHIC_KEYS.has(k) && typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, v.trim().slice(0, 80)]));
    if (Object.keys(clean).length === 0) return;
    await this.deps.analytics.saveDemographics(record.organisationId, record.candidateId, clean, this.now());
  }

  /** Live status of the organisation's interviews (invited, in progress with the current item, completed). */
  subscribe(organisationId: string, listener: (event: BusEvent) => void): () => void {
    return this.deps.events.subscribe(`org:${organisationId}`, listener);
  }
}
