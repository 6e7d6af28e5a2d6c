import Type from 'typebox';
import { ITEM_KINDS, ITEM_STATUSES, SKILL_AREAS } from '../../domain/bank/item.js';
import { Pagination } from './common.js';

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

export const ListItemsQuery = Type.Intersect([
  Pagination,
  Type.Object({
    kind: Type.Optional(literals(ITEM_KINDS)),
    area: Type.Optional(literals(SKILL_AREAS)),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    status: Type.Optional(literals(ITEM_STATUSES)),
  }),
]);

/** A bank item summary: enough to browse the bank without the answer key. */
export const ItemSummary = Type.Object({
  id: Type.String(),
  version: Type.String(),
  kind: Type.String(),
  area: Type.String(),
  level: Type.Integer(),
  status: Type.String(),
  tags: Type.Array(Type.String()),
  prompt: Type.String(),
  timeLimitSec: Type.Integer(),
  explanation: Type.String(),
  irt: Type.Unknown(),
  exposureCap: Type.Number(),
});

export const ListItemsReply = Type.Object({ items: Type.Array(ItemSummary), total: Type.Integer() });
export const ItemParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
