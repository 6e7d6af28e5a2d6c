import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createOpenAiCompatibleProvider } from '../llm/create-openai-compatible-provider.js';
import { SeedService } from '../services/seed-service.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open-store.js';
import { ItemRepository } from '../store/repositories/item-repository.js';
import { OrganisationRepository } from '../store/repositories/organisation-repository.js';
import { ProfileRepository } from '../store/repositories/profile-repository.js';
import type { BankCommandDeps } from './bank.js';
import { requireConfig } from './run-command.js';

/** Wires the bank commands to the configured database and LLM, read only when a command needs them. */
export function bankCommandDeps(): BankCommandDeps {
  const loaded = loadConfig();
  const llmBaseUrl = loaded.ok ? loaded.config.LLM_BASE_URL : undefined;
  return {
    ...(llmBaseUrl
      ? {
          generate: async (prompt: string) => {
            const config = requireConfig();
            const provider = createOpenAiCompatibleProvider({ baseUrl: llmBaseUrl, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS, ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}) });
            return (await provider.complete({ messages: [{ role: 'user', content: prompt }], temperature: 0.7, maxTokens: 4000 })).text;
          },
        }
      : {}),
    importIntoDatabase: async (dir: string) => {
      const config = requireConfig();
      const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
      try {
        await migrateToLatest(store.db, store.schema);
        const items = new ItemRepository(store.db);
        const seed = new SeedService({ items, organisations: new OrganisationRepository(store.db), profiles: new ProfileRepository(store.db), logger: createLogger('silent') });
        return await seed.importBank(dir);
      } finally {
        await store.close();
      }
    },
  };
}
