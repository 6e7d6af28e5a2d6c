/**
 * A seeded synthetic item bank for simulations: a ~ lognormal(0, σ), b ~ N(0, 1), one of the
 * first `areas` skill areas per item. Items are full bank `Item`s (choice or concept items with
 * placeholder text) so the engine is exercised through its real interface.
 */
import { SKILL_AREAS, type IrtParams, type Item, type SkillArea } from '../../src/domain/bank/item.js';
import { createRng, randomNormal, type Rng } from '../../src/domain/rng.js';
import { buildItem } from '../../src/domain/adaptive/testing/build-item.js';

export interface SyntheticBankOptions {
  readonly size: number;
  readonly model: '2pl' | '3pl' | 'grm';
  readonly seed: number;
  readonly areas?: number;
  readonly logASd?: number;
  readonly guessing?: number;
}

export function syntheticAreas(count: number): SkillArea[] {
  return SKILL_AREAS.slice(0, count) as SkillArea[];
}

export function syntheticItem(id: string, area: SkillArea, irt: IrtParams): Item {
  return buildItem({ id, area, irt });
}

export function drawParams(rng: Rng, model: SyntheticBankOptions['model'], logASd = 0.3, guessing = 0.2): IrtParams {
  const a = Math.exp(logASd * randomNormal(rng));
  const b = randomNormal(rng);
  if (model === 'grm') {
    const gaps = [0, 0, 0].map(() => 0.5 + rng.next());
    const t1 = b - (gaps[0] ?? 0) - (gaps[1] ?? 0) / 2;
    const t2 = t1 + (gaps[0] ?? 0);
    const t3 = t2 + (gaps[1] ?? 0);
    return { model, a, thresholds: [t1, t2, t3, t3 + (gaps[2] ?? 0)] };
  }
  return model === '2pl' ? { model, a, b, c: 0 } : { model, a, b, c: guessing };
}

export function syntheticBank(options: SyntheticBankOptions): Item[] {
  const rng = createRng(options.seed);
  const areas = syntheticAreas(options.areas ?? 5);
  const items: Item[] = [];
  for (let i = 0; i < options.size; i++) {
    const irt = drawParams(rng, options.model, options.logASd, options.guessing);
    const area = areas[Math.floor(rng.next() * areas.length)] as SkillArea;
    items.push(syntheticItem(`syn.${options.model}-${String(i).padStart(4, '0')}`, area, irt));
  }
  return items;
}
