import type { InterviewExportRow, ResponseExportRow } from '../../store/repositories/export-repository.js';
import type { InterviewSummary } from '../interview-service.js';

export type ColumnType = 'string' | 'double' | 'int' | 'boolean' | 'timestamp';
export type Cell = string | number | boolean | Date | null;
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

export const EXPORT_DATASETS = ['interviews', 'responses', 'scores'] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];

/** The columns of each dataset, in order; the same for every format. */
export const COLUMNS: Record<ExportDataset, readonly Column[]> = {
  interviews: [
    { name: 'interview_id', type: 'string' },
    { name: 'organisation_id', type: 'string' },
    { name: 'profile_id', type: 'string' },
    { name: 'profile_name', type: 'string' },
    { name: 'candidate_id', type: 'string' },
    { name: 'candidate_external_id', type: 'string' },
    { name: 'state', type: 'string' },
    { name: 'time_factor', type: 'double' },
    { name: 'created_at', type: 'timestamp' },
    { name: 'started_at', type: 'timestamp' },
    { name: 'completed_at', type: 'timestamp' },
    { name: 'score', type: 'double' },
    { name: 'band_low', type: 'double' },
    { name: 'band_high', type: 'double' },
    { name: 'level', type: 'int' },
    { name: 'label', type: 'string' },
    { name: 'theta', type: 'double' },
    { name: 'se', type: 'double' },
    { name: 'items_scored', type: 'int' },
    { name: 'stop_reason', type: 'string' },
  ],
  responses: [
    { name: 'response_id', type: 'string' },
    { name: 'interview_id', type: 'string' },
    { name: 'organisation_id', type: 'string' },
    { name: 'item_id', type: 'string' },
    { name: 'item_version', type: 'string' },
    { name: 'sequence', type: 'int' },
    { name: 'score', type: 'double' },
    { name: 'max_score', type: 'double' },
    { name: 'confidence', type: 'double' },
    { name: 'flags', type: 'string' },
    { name: 'grader_version', type: 'string' },
    { name: 'is_pretest', type: 'boolean' },
    { name: 'presented_at', type: 'timestamp' },
    { name: 'answered_at', type: 'timestamp' },
  ],
  scores: [
    { name: 'interview_id', type: 'string' },
    { name: 'organisation_id', type: 'string' },
    { name: 'profile_id', type: 'string' },
    { name: 'skill', type: 'string' },
    { name: 'score', type: 'double' },
    { name: 'band_low', type: 'double' },
    { name: 'band_high', type: 'double' },
    { name: 'theta', type: 'double' },
    { name: 'se', type: 'double' },
    { name: 'items', type: 'int' },
    { name: 'completed_at', type: 'timestamp' },
  ],
};

export function interviewRecord(r: InterviewExportRow): Cell[] {
  const s = r.summary as InterviewSummary | null;
  return [r.id, r.organisationId, r.profileId, r.profileName, r.candidateId, r.candidateExternalId, r.state, r.timeFactor, r.createdAt, r.startedAt, r.completedAt, s?.score ?? null, s?.band[0] ?? null, s?.band[1] ?? null, s?.level ?? null, s?.label ?? null, s?.theta ?? null, s?.se ?? null, s?.itemsScored ?? null, s?.stopReason ?? null];
}

export function responseRecord(r: ResponseExportRow): Cell[] {
  return [r.id, r.interviewId, r.organisationId, r.itemId, r.itemVersion, r.sequence, r.score, r.maxScore, r.confidence, r.flags.join(';'), r.graderVersion, r.isPretest, r.presentedAt, r.answeredAt];
}

export function scoreRecords(r: InterviewExportRow): Cell[][] {
  const s = r.summary as InterviewSummary | null;
  if (!s) return [];
  return Object.entries(s.skills).map(([skill, k]) => [r.id, r.organisationId, r.profileId, skill, k.score, k.band[0], k.band[1], k.theta, k.se, k.n, r.completedAt]);
}
