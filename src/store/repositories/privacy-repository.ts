import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type FieldCipher, isSealed } from '../crypto/field-cipher.js';
import type { Database } from '../schema.js';

/** Everything stored about one candidate, opened, for an access or portability request. */
export interface CandidateDataExport {
  readonly candidate: { id: string; name: string; email: string; phone: string | null; externalId: string | null; createdAt: string; erasedAt: string | null };
  readonly interviews: {
    id: string;
    profileId: string;
    state: string;
    createdAt: string;
    startedAt: string | null;
    completedAt: string | null;
    summary: unknown;
    accommodationRequest: string | null;
    feedback: { rating: number | null; comment: string | null };
    messages: { sequence: number; role: string; text: string; at: string }[];
    responses: { itemId: string; itemVersion: string; answer: unknown; score: number; maxScore: number; feedback: string; answeredAt: string }[];
    integrityEvents: { kind: string; itemId: string | null; at: string }[];
  }[];
}

/** Keys whose values may carry what the candidate wrote or said, wherever they sit in a stored document. */
const FREE_TEXT_KEYS = new Set(['firstAnswer', 'answer', 'lastGrade', 'feedback', 'comment', 'text', 'evidence', 'accommodationRequest']);

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !FREE_TEXT_KEYS.has(k)).map(([k, v]) => [k, scrub(v)]));
  return value;
}

/** Reads and erases one candidate's personal data across tables; finds candidates past retention. */
export class PrivacyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  private openText(value: string | null): string | null {
    if (value === null) return null;
    return isSealed(value) ? this.cipher.open(value) : value;
  }

  async exportCandidate(candidateId: string, organisationId: string): Promise<CandidateDataExport | undefined> {
    const c = await this.db.selectFrom('candidates').selectAll().where('id', '=', candidateId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!c) return undefined;
    const erased = c.erased_at !== null;
    const interviews = await this.db.selectFrom('interviews').selectAll().where('candidate_id', '=', candidateId).where('organisation_id', '=', organisationId).orderBy('created_at').execute();
    const out: CandidateDataExport['interviews'][number][] = [];
    for (const i of interviews) {
      const [messages, responses, integrity] = await Promise.all([
        this.db.selectFrom('messages').selectAll().where('interview_id', '=', i.id).orderBy('sequence').execute(),
        this.db.selectFrom('responses').selectAll().where('interview_id', '=', i.id).orderBy('sequence').execute(),
        this.db.selectFrom('integrity_events').selectAll().where('interview_id', '=', i.id).orderBy('occurred_at').execute(),
      ]);
      out.push({
        id: i.id,
        profileId: i.profile_id,
        state: i.state,
        createdAt: i.created_at.toISOString(),
        startedAt: i.started_at?.toISOString() ?? null,
        completedAt: i.completed_at?.toISOString() ?? null,
        summary: i.summary,
        accommodationRequest: this.openText(i.accommodation_request_sealed),
        feedback: { rating: i.feedback_rating, comment: this.openText(i.feedback_comment_sealed) },
        messages: messages.map((m) => ({ sequence: m.sequence, role: m.role, text: this.openText(m.text_sealed) ?? '', at: m.created_at.toISOString() })),
        responses: responses.map((r) => {
          const answer = this.cipher.openJson<Record<string, unknown>>(r.answer_sealed);
          // Workbook bytes travel as base64 in the export.
          const file = answer.file;
          const portable = file && typeof file === 'object' ? { ...answer, file: Buffer.from(Object.values(file as Record<string, number>)).toString('base64') } : answer;
          return { itemId: r.item_id, itemVersion: r.item_version, answer: portable, score: r.score, maxScore: r.max_score, feedback: String(this.cipher.openJson<{ feedback?: unknown }>(r.grade_sealed).feedback ?? ''), answeredAt: r.answered_at.toISOString() };
        }),
        integrityEvents: integrity.map((e) => ({ kind: e.kind, itemId: e.item_id, at: e.occurred_at.toISOString() })),
      });
    }
    return {
      candidate: {
        id: c.id,
        name: erased ? '' : this.cipher.open(c.name_sealed),
        email: erased ? '' : this.cipher.open(c.email_sealed),
        phone: erased || !c.phone_sealed ? null : this.cipher.open(c.phone_sealed),
        externalId: c.external_id,
        createdAt: c.created_at.toISOString(),
        erasedAt: c.erased_at?.toISOString() ?? null,
      },
      interviews: out,
    };
  }

  /**
   * Erases a candidate's personal data in one transaction: identity fields, every message, turn
   * replay and integrity event, the free text inside sessions, answers and grades, and the invite
   * links. Scores, item ids and timings stay (pseudonymous, for calibration and analytics).
   * Returns false when there is no such candidate in the organisation or it was erased already.
   */
  async eraseCandidate(candidateId: string, organisationId: string, now: Date): Promise<{ interviews: number } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('candidates')
        .set({ name_sealed: this.cipher.seal(''), email_sealed: this.cipher.seal(''), email_hash: `erased:${candidateId}`, phone_sealed: null, external_id: null, erased_at: now })
        .where('id', '=', candidateId)
        .where('organisation_id', '=', organisationId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return undefined;
      const interviews = await trx.selectFrom('interviews').select(['id', 'session_sealed']).where('candidate_id', '=', candidateId).where('organisation_id', '=', organisationId).execute();
      const ids = interviews.map((i) => i.id);
      if (ids.length === 0) return { interviews: 0 };
      await trx.deleteFrom('messages').where('interview_id', 'in', ids).execute();
      await trx.deleteFrom('interview_turns').where('interview_id', 'in', ids).execute();
      await trx.deleteFrom('integrity_events').where('interview_id', 'in', ids).execute();
      const responses = await trx.selectFrom('responses').select(['id', 'grade_sealed']).where('interview_id', 'in', ids).execute();
      for (const r of responses) {
        const grade = this.cipher.openJson<Record<string, unknown>>(r.grade_sealed);
        await trx
          .updateTable('responses')
          .set({ answer_sealed: this.cipher.sealJson({ kind: 'skip', reason: 'skipped' }), grade_sealed: this.cipher.sealJson({ ...grade, evidence: [], feedback: '' }) })
          .where('id', '=', r.id)
          .execute();
      }
      for (const i of interviews) {
        await trx
          .updateTable('interviews')
          .set({
            session_sealed: this.cipher.sealJson(scrub(this.cipher.openJson<unknown>(i.session_sealed))),
            accommodation_request_sealed: null,
            feedback_comment_sealed: null,
            invite_token_hash: `erased:${randomBytes(16).toString('hex')}`,
            revoked_at: sql<Date>`coalesce(revoked_at, ${now})`,
            updated_at: now,
          })
          .where('id', '=', i.id)
          .execute();
      }
      return { interviews: ids.length };
    });
  }

  /** Candidates whose last activity is older than their organisation's retention period. */
  async candidatesPastRetention(now: Date, limit = 500): Promise<{ id: string; organisationId: string }[]> {
    const rows = await sql<{ id: string; organisation_id: string }>`
      select c.id, c.organisation_id from candidates c join organisations o on o.id = c.organisation_id
      where c.erased_at is null
        and greatest(c.created_at, coalesce((select max(i.updated_at) from interviews i where i.candidate_id = c.id), c.created_at)) < ${now}::timestamptz - make_interval(days => o.retention_days)
      order by c.created_at limit ${limit}`.execute(this.db);
    return rows.rows.map((r) => ({ id: r.id, organisationId: r.organisation_id }));
  }

  async retentionDays(organisationId: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('organisations').select('retention_days').where('id', '=', organisationId).executeTakeFirst();
    return row?.retention_days;
  }

  async setRetentionDays(organisationId: string, days: number): Promise<void> {
    await this.db.updateTable('organisations').set({ retention_days: days }).where('id', '=', organisationId).execute();
  }
}
