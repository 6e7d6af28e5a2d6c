import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface GreenhouseAssessment {
  readonly interviewId: string;
  readonly organisationId: string;
  readonly partnerTestId: string;
  readonly applicationId: string | null;
  readonly callbackUrl: string | null;
}

/** Which interviews Greenhouse sent, for which application, and where to PATCH completion. */
export class GreenhouseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(assessment: GreenhouseAssessment): Promise<void> {
    await this.db
      .insertInto('greenhouse_assessments')
      .values({ interview_id: assessment.interviewId, organisation_id: assessment.organisationId, partner_test_id: assessment.partnerTestId, application_id: assessment.applicationId, callback_url: assessment.callbackUrl })
      .execute();
  }

  async find(interviewId: string): Promise<GreenhouseAssessment | undefined> {
    const row = await this.db.selectFrom('greenhouse_assessments').selectAll().where('interview_id', '=', interviewId).executeTakeFirst();
    return row ? toAssessment(row) : undefined;
  }

  /** A test already sent for this application (Greenhouse may retry send_test). */
  async findByApplication(organisationId: string, applicationId: string, partnerTestId: string): Promise<GreenhouseAssessment | undefined> {
    const row = await this.db.selectFrom('greenhouse_assessments').selectAll().where('organisation_id', '=', organisationId).where('application_id', '=', applicationId).where('partner_test_id', '=', partnerTestId).executeTakeFirst();
    return row ? toAssessment(row) : undefined;
  }
}

function toAssessment(row: { interview_id: string; organisation_id: string; partner_test_id: string; application_id: string | null; callback_url: string | null }): GreenhouseAssessment {
  return { interviewId: row.interview_id, organisationId: row.organisation_id, partnerTestId: row.partner_test_id, applicationId: row.application_id, callbackUrl: row.callback_url };
}
