import type { Kysely } from 'kysely';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { CandidateRow, Database } from '../schema.js';

export interface Candidate {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly externalId: string | null;
  readonly createdAt: Date;
  readonly erasedAt: Date | null;
}

/** Candidates, with name, email and phone sealed; found by email through a keyed hash. */
export class CandidateRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  async create(candidate: { id: string; organisationId: string; name: string; email: string; phone?: string | null; externalId?: string | null }): Promise<Candidate> {
    const row = await this.db
      .insertInto('candidates')
      .values({
        id: candidate.id,
        organisation_id: candidate.organisationId,
        email_sealed: this.cipher.seal(candidate.email),
        email_hash: this.cipher.searchHash(candidate.email),
        name_sealed: this.cipher.seal(candidate.name),
        phone_sealed: candidate.phone ? this.cipher.seal(candidate.phone) : null,
        external_id: candidate.externalId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.toCandidate(row);
  }

  async find(id: string, organisationId?: string): Promise<Candidate | undefined> {
    let query = this.db.selectFrom('candidates').selectAll().where('id', '=', id);
    if (organisationId) query = query.where('organisation_id', '=', organisationId);
    const row = await query.executeTakeFirst();
    return row ? this.toCandidate(row) : undefined;
  }

  async findByEmail(organisationId: string, email: string): Promise<Candidate | undefined> {
    const row = await this.db.selectFrom('candidates').selectAll().where('organisation_id', '=', organisationId).where('email_hash', '=', this.cipher.searchHash(email)).executeTakeFirst();
    return row ? this.toCandidate(row) : undefined;
  }

  private toCandidate(row: CandidateRow): Candidate {
    const erased = row.erased_at !== null;
    return {
      id: row.id,
      organisationId: row.organisation_id,
      name: erased ? '' : this.cipher.open(row.name_sealed),
      email: erased ? '' : this.cipher.open(row.email_sealed),
      phone: erased || !row.phone_sealed ? null : this.cipher.open(row.phone_sealed),
      externalId: row.external_id,
      createdAt: row.created_at,
      erasedAt: row.erased_at,
    };
  }
}
