import type { Item } from '../domain/bank/item.js';
import type { ItemListFilter, ItemRepository, StoredItem } from '../store/repositories/item-repository.js';
import { notFound } from './errors.js';

/** Read access to the item bank as stored (current versions). */
export class ItemService {
  constructor(private readonly items: ItemRepository) {}

  list(filter: ItemListFilter): Promise<{ items: StoredItem[]; total: number }> {
    return this.items.listCurrent(filter);
  }

  findItem(id: string): Promise<StoredItem | undefined> {
    return this.items.findCurrent(id);
  }

  async getItem(id: string): Promise<StoredItem> {
    const found = await this.items.findCurrent(id);
    if (!found) throw notFound('item', id);
    return found;
  }

  /** Saves a new version of every item whose content changed. */
  saveVersions(items: readonly { item: Item; version: string }[]): Promise<{ added: number; unchanged: number }> {
    return this.items.saveVersions(items);
  }
}
