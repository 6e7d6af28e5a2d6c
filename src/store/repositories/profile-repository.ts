import type { Kysely } from 'kysely';
import type { InterviewPlan } from '../../domain/interview/session.js';
import type { Database, ProfileRow } from '../schema.js';

/** An interview profile: the role, level and the plan every interview of it follows. */
export interface Profile {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly role: string;
  readonly level: number;
  readonly plan: InterviewPlan;
  /** Scaled score (0-100) at or above which a candidate passes; absent = no pass band. */
  readonly passScore?: number;
  /** Answers graded with confidence under this go to human review. */
  readonly reviewThreshold: number;
  readonly isDemo: boolean;
  readonly createdAt: Date;
}

interface StoredSettings {
  readonly plan: InterviewPlan;
  readonly passScore?: number;
  readonly reviewThreshold?: number;
}

function toProfile(row: ProfileRow): Profile {
  const settings = row.settings as StoredSettings;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    role: row.role,
    level: row.level,
    plan: settings.plan,
    ...(settings.passScore !== undefined ? { passScore: settings.passScore } : {}),
    reviewThreshold: settings.reviewThreshold ?? 0.6,
    isDemo: row.is_demo,
    createdAt: row.created_at,
  };
}

export class ProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(profile: Omit<Profile, 'createdAt'>): Promise<Profile> {
    const settings: StoredSettings = { plan: profile.plan, reviewThreshold: profile.reviewThreshold, ...(profile.passScore !== undefined ? { passScore: profile.passScore } : {}) };
    const row = await this.db
      .insertInto('interview_profiles')
      .values({
        id: profile.id,
        organisation_id: profile.organisationId,
        name: profile.name,
        role: profile.role,
        level: profile.level,
        skill_areas: JSON.stringify(profile.plan.areaWeights),
        settings: JSON.stringify(settings),
        is_demo: profile.isDemo,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toProfile(row);
  }

  async update(id: string, organisationId: string, changes: Pick<Profile, 'name' | 'role' | 'level' | 'plan' | 'reviewThreshold'> & { passScore?: number | undefined }, now: Date): Promise<Profile | undefined> {
    const settings: StoredSettings = { plan: changes.plan, reviewThreshold: changes.reviewThreshold, ...(changes.passScore !== undefined ? { passScore: changes.passScore } : {}) };
    const row = await this.db
      .updateTable('interview_profiles')
      .set({ name: changes.name, role: changes.role, level: changes.level, skill_areas: JSON.stringify(changes.plan.areaWeights), settings: JSON.stringify(settings), updated_at: now })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .returningAll()
      .executeTakeFirst();
    return row ? toProfile(row) : undefined;
  }

  async find(id: string, organisationId?: string): Promise<Profile | undefined> {
    let query = this.db.selectFrom('interview_profiles').selectAll().where('id', '=', id);
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    const row = await query.executeTakeFirst();
    return row ? toProfile(row) : undefined;
  }

  async list(organisationId: string): Promise<Profile[]> {
    const rows = await this.db.selectFrom('interview_profiles').selectAll().where('organisation_id', '=', organisationId).where('archived_at', 'is', null).orderBy('created_at').execute();
    return rows.map(toProfile);
  }

  async findDemo(): Promise<Profile | undefined> {
    const row = await this.db.selectFrom('interview_profiles').selectAll().where('is_demo', '=', true).orderBy('created_at').executeTakeFirst();
    return row ? toProfile(row) : undefined;
  }
}
