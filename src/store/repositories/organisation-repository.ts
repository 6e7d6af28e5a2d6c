import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly retentionDays: number;
}

export class OrganisationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findBySlug(slug: string): Promise<Organisation | undefined> {
    const row = await this.db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row ? { id: row.id, name: row.name, slug: row.slug, retentionDays: row.retention_days } : undefined;
  }

  async find(id: string): Promise<Organisation | undefined> {
    const row = await this.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, name: row.name, slug: row.slug, retentionDays: row.retention_days } : undefined;
  }

  /** Creates the organisation unless one with the slug exists; returns the stored one either way. */
  async ensure(organisation: { id: string; name: string; slug: string }): Promise<Organisation> {
    await this.db.insertInto('organisations').values({ ...organisation, settings: '{}' }).onConflict((oc) => oc.column('slug').doNothing()).execute();
    const stored = await this.findBySlug(organisation.slug);
    if (!stored) throw new Error(`organisation ${organisation.slug} could not be created`);
    return stored;
  }
}
