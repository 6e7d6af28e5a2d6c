import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

export interface ExportFilter {
  /** Interviews created at or after. */
  readonly from?: Date | undefined;
  /** Interviews created before. */
  readonly to?: Date | undefined;
  /** One organisation (the API always sets it; the CLI may export all). */
  readonly organisationId?: string | undefined;
}

export interface InterviewExportRow {
  readonly id: string;
  readonly organisationId: string;
  readonly profileId: string;
  readonly profileName: string;
  readonly candidateId: string | null;
  readonly candidateExternalId: string | null;
  readonly state: string;
  readonly timeFactor: number;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly summary: unknown;
}

export interface ResponseExportRow {
  readonly id: string;
  readonly interviewId: string;
  readonly organisationId: string;
  readonly itemId: string;
  readonly itemVersion: string;
  readonly sequence: number;
  readonly score: number;
  readonly maxScore: number;
  readonly confidence: number;
  readonly flags: readonly string[];
  readonly graderVersion: string;
  readonly isPretest: boolean;
  readonly presentedAt: Date | null;
  readonly answeredAt: Date;
  readonly createdAt: Date;
}

type Cursor = { readonly at: Date; readonly id: string };

/**
 * Reads for bulk export in pages ordered by (created_at, id), so an export of any size holds one
 * page in memory at a time and is stable while rows are added. No sealed column is read: exports
 * carry no personal data.
 */
export class ExportRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async interviewPage(filter: ExportFilter, after: Cursor | undefined, limit: number): Promise<InterviewExportRow[]> {
    let query = this.db
      .selectFrom('interviews')
      .innerJoin('interview_profiles', 'interview_profiles.id', 'interviews.profile_id')
      .leftJoin('candidates', 'candidates.id', 'interviews.candidate_id')
      .select(['interviews.id', 'interviews.organisation_id', 'interviews.profile_id', 'interview_profiles.name as profile_name', 'interviews.candidate_id', 'candidates.external_id', 'interviews.state', 'interviews.time_factor', 'interviews.created_at', 'interviews.started_at', 'interviews.completed_at', 'interviews.summary'])
      .where('interview_profiles.is_demo', '=', false);
    if (filter.organisationId) query = query.where('interviews.organisation_id', '=', filter.organisationId);
    if (filter.from) query = query.where('interviews.created_at', '>=', filter.from);
    if (filter.to) query = query.where('interviews.created_at', '<', filter.to);
    if (after) query = query.where(sql<boolean>`(interviews.created_at, interviews.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
    const rows = await query.orderBy('interviews.created_at').orderBy('interviews.id').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      organisationId: r.organisation_id,
      profileId: r.profile_id,
      profileName: r.profile_name,
      candidateId: r.candidate_id,
      candidateExternalId: r.external_id ?? null,
      state: r.state,
      timeFactor: r.time_factor,
      createdAt: r.created_at,
      startedAt: r.started_at,
      completedAt: r.completed_at,
      summary: r.summary,
    }));
  }

  async responsePage(filter: ExportFilter, after: Cursor | undefined, limit: number): Promise<ResponseExportRow[]> {
    let query = this.db
      .selectFrom('responses')
      .innerJoin('interviews', 'interviews.id', 'responses.interview_id')
      .innerJoin('interview_profiles', 'interview_profiles.id', 'interviews.profile_id')
      .select(['responses.id', 'responses.interview_id', 'interviews.organisation_id', 'responses.item_id', 'responses.item_version', 'responses.sequence', 'responses.score', 'responses.max_score', 'responses.confidence', 'responses.flags', 'responses.grader_version', 'responses.is_pretest', 'responses.presented_at', 'responses.answered_at', 'responses.created_at'])
      .where('interview_profiles.is_demo', '=', false);
    if (filter.organisationId) query = query.where('interviews.organisation_id', '=', filter.organisationId);
    if (filter.from) query = query.where('interviews.created_at', '>=', filter.from);
    if (filter.to) query = query.where('interviews.created_at', '<', filter.to);
    if (after) query = query.where(sql<boolean>`(responses.created_at, responses.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
    const rows = await query.orderBy('responses.created_at').orderBy('responses.id').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      interviewId: r.interview_id,
      organisationId: r.organisation_id,
      itemId: r.item_id,
      itemVersion: r.item_version,
      sequence: r.sequence,
      score: r.score,
      maxScore: r.max_score,
      confidence: r.confidence,
      flags: r.flags,
      graderVersion: r.grader_version,
      isPretest: r.is_pretest,
      presentedAt: r.presented_at,
      answeredAt: r.answered_at,
      createdAt: r.created_at,
    }));
  }
}
