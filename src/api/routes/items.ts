import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StoredItem } from '../../store/repositories/item-repository.js';
import type { ItemService } from '../../services/item-service.js';
import { errorResponses } from '../schemas/common.js';
import { ItemParams, ItemSummary, ListItemsQuery, ListItemsReply } from '../schemas/items.js';

function toSummary({ item, version }: StoredItem) {
  return {
    id: item.id,
    version,
    kind: item.kind,
    area: item.area,
    level: item.level,
    status: item.status,
    tags: [...item.tags],
    prompt: item.prompt,
    timeLimitSec: item.timeLimitSec,
    explanation: item.explanation,
    irt: item.irt,
    exposureCap: item.exposureCap,
  };
}

/** Browse the item bank (current versions, no answer keys). */
export const itemRoutes: FastifyPluginAsyncTypebox<{ items: ItemService }> = async (app, { items }) => {
  app.get('/items', { schema: { tags: ['bank'], summary: 'List bank items', querystring: ListItemsQuery, response: { 200: ListItemsReply, ...errorResponses(400) } } }, async (request) => {
    const result = await items.list(request.query);
    return { items: result.items.map(toSummary), total: result.total };
  });

  app.get('/items/:id', { schema: { tags: ['bank'], summary: 'One bank item', params: ItemParams, response: { 200: ItemSummary, ...errorResponses(404) } } }, async (request) =>
    toSummary(await items.getItem(request.params.id)),
  );
};
