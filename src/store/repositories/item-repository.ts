import type { Kysely } from 'kysely';
import type { IrtParams, Item } from '../../domain/bank/item.js';
import type { Database, ItemRow } from '../schema.js';

/** An item as stored: the normalised bank item plus the version it was saved under. */
export interface StoredItem {
  readonly item: Item;
  readonly version: string;
}

export interface ItemListFilter {
  readonly kind?: string;
  readonly area?: string;
  readonly level?: number;
  readonly status?: string;
  readonly limit?: number;
  readonly offset?: number;
}

function toStoredItem(row: ItemRow): StoredItem {
  const content = row.content as Item;
  return { item: { ...content, irt: row.irt as IrtParams, exposureCap: row.exposure_cap }, version: row.version };
}

/**
 * Items are versioned: saving an item whose version is new adds a row and makes it current; the
 * old row stays, so responses keep pointing at the version they answered. A status change alone
 * (approve, retire) updates the current row in place.
 */
export class ItemRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Upserts items by (id, version); returns how many new versions were written. */
  async saveVersions(items: readonly { item: Item; version: string }[]): Promise<{ added: number; unchanged: number }> {
    let added = 0;
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('items').select(['id', 'version', 'status']).where('is_current', '=', true).execute();
      const current = new Map(existing.map((row) => [row.id, row]));
      for (const { item, version } of items) {
        const stored = current.get(item.id);
        if (stored?.version === version) {
          // Approving or retiring an item changes its status, not its version.
          if (stored.status !== item.status) {
            await trx.updateTable('items').set({ status: item.status, content: JSON.stringify(item) }).where('id', '=', item.id).where('version', '=', version).execute();
          }
          continue;
        }
        await trx.updateTable('items').set({ is_current: false }).where('id', '=', item.id).where('is_current', '=', true).execute();
        await trx
          .insertInto('items')
          .values({
            id: item.id,
            version,
            kind: item.kind,
            area: item.area,
            level: item.level,
            status: item.status,
            content: JSON.stringify(item),
            irt: JSON.stringify(item.irt),
            exposure_cap: item.exposureCap,
            is_current: true,
          })
          .onConflict((oc) => oc.columns(['id', 'version']).doUpdateSet({ is_current: true }))
          .execute();
        added++;
      }
    });
    return { added, unchanged: items.length - added };
  }

  async listCurrent(filter: ItemListFilter = {}): Promise<{ items: StoredItem[]; total: number }> {
    let query = this.db.selectFrom('items').where('is_current', '=', true);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.area) query = query.where('area', '=', filter.area);
    if (filter.level) query = query.where('level', '=', filter.level);
    if (filter.status) query = query.where('status', '=', filter.status);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('id').limit(filter.limit ?? 50).offset(filter.offset ?? 0).execute(),
      query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toStoredItem), total: Number(count.n) };
  }

  async findCurrent(id: string): Promise<StoredItem | undefined> {
    const row = await this.db.selectFrom('items').selectAll().where('id', '=', id).where('is_current', '=', true).executeTakeFirst();
    return row ? toStoredItem(row) : undefined;
  }

  async findVersion(id: string, version: string): Promise<StoredItem | undefined> {
    const row = await this.db.selectFrom('items').selectAll().where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return row ? toStoredItem(row) : undefined;
  }

  async countVersions(id: string): Promise<number> {
    const row = await this.db.selectFrom('items').select((eb) => eb.fn.countAll<string>().as('n')).where('id', '=', id).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
