import type { Kysely } from 'kysely';
import { calibrateItems, detectDrift, type CalibrationResult, type DriftReport } from '../domain/adaptive/index.js';
import { gradeToCategory } from '../domain/adaptive/adaptive-state.js';
import { itemVersionHash } from '../domain/bank/item-version-hash.js';
import type { IrtParams, Item } from '../domain/bank/item.js';
import type { Database } from '../store/schema.js';
import type { ItemRepository } from '../store/repositories/item-repository.js';

export interface CalibrationReport {
  readonly result: CalibrationResult;
  readonly drift: readonly DriftReport[];
  readonly responses: number;
  readonly people: number;
  /** Item ids that got a new parameter version (only with `apply`). */
  readonly applied: readonly string[];
}

/**
 * Refits item parameters from stored responses (marginal maximum likelihood over every
 * interview's answers, missing by design), reports drift against the current parameters, and
 * writes new item versions only when asked, so scores stay comparable until an owner decides.
 */
export class CalibrationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemRepository,
  ) {}

  async calibrate(options: { apply?: boolean; minResponses?: number; driftThreshold?: number } = {}): Promise<CalibrationReport> {
    const { items: stored } = await this.items.listCurrent({ limit: 100_000 });
    const byId = new Map(stored.filter((s) => s.item.status !== 'retired').map((s) => [s.item.id, s.item]));
    const rows = await this.db.selectFrom('responses').select(['interview_id', 'item_id', 'score', 'max_score']).execute();
    const responses = rows.flatMap((row) => {
      const item = byId.get(row.item_id);
      return item ? [{ personId: row.interview_id, itemId: row.item_id, category: gradeToCategory(item.irt, { score: row.score, maxScore: row.max_score }) }] : [];
    });
    const inputs = [...byId.values()].map((item) => ({ id: item.id, irt: item.irt }));
    const result = calibrateItems(responses, inputs, { minResponses: options.minResponses ?? 100 });
    const before = new Map<string, IrtParams>(inputs.map((i) => [i.id, i.irt]));
    const after = new Map<string, IrtParams>(result.items.filter((c) => c.status === 'calibrated').map((c) => [c.itemId, c.params]));
    const drift = detectDrift(new Map([...before].filter(([id]) => after.has(id))), after, options.driftThreshold ?? 0.05);
    const applied: string[] = [];
    if (options.apply) {
      const updates: { item: Item; version: string }[] = [];
      for (const [id, params] of after) {
        const item = byId.get(id);
        if (!item) continue;
        const next = { ...item, irt: params } as Item;
        updates.push({ item: next, version: itemVersionHash(next) });
        applied.push(id);
      }
      await this.items.saveVersions(updates);
    }
    return { result, drift, responses: responses.length, people: new Set(responses.map((r) => r.personId)).size, applied };
  }
}
