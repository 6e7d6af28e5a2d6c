import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { formatProblem } from '../domain/bank/bank-problem.js';
import { checkItems } from '../domain/bank/check-items.js';
import { itemVersionHash } from '../domain/bank/item-version-hash.js';
import type { Item } from '../domain/bank/item.js';
import type { InterviewPlan } from '../domain/interview/session.js';
import type { ItemRepository } from '../store/repositories/item-repository.js';
import type { OrganisationRepository } from '../store/repositories/organisation-repository.js';
import type { Profile, ProfileRepository } from '../store/repositories/profile-repository.js';
import { loadBankDir } from './bank/load-bank-dir.js';

/** The demo everyone can take from the home page: short, mixed kinds, adaptive. */
export const DEMO_PLAN: InterviewPlan = {
  profileName: 'Excel skills demo',
  areaWeights: {
    'references-basics': 1,
    'logical-functions': 1,
    'conditional-aggregation': 1,
    lookups: 1.5,
    'text-cleaning': 0.5,
    'dates-times': 0.5,
    'dynamic-arrays-lambda': 0.5,
    'financial-functions': 0.5,
  },
  kindMinimums: { choice: 1, formula: 2, concept: 1 },
  targetSe: 0.45,
  minItems: 5,
  maxItems: 8,
  maxTimeSec: 25 * 60,
  mode: 'adaptive',
  maxFollowUps: 1,
  warmUp: true,
  pretestRate: 0.1,
};

export interface BankImportResult {
  readonly added: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly problems: readonly string[];
}

/** Loads bank files into the items table and seeds the demo organisation and profile. */
export class SeedService {
  constructor(
    private readonly deps: { items: ItemRepository; organisations: OrganisationRepository; profiles: ProfileRepository; logger: Logger },
  ) {}

  /**
   * Imports every valid item of a bank folder as a new version when its content changed.
   * Items with problems are left out and reported (`bank validate` gives the full report).
   */
  async importBank(dir: string): Promise<BankImportResult> {
    const loaded = await loadBankDir(path.resolve(dir));
    const checked = checkItems(loaded.items, loaded.sourceOf);
    const problems = [...loaded.problems, ...checked].map(formatProblem);
    const badIds = new Set(checked.map((p) => p.itemId).filter((id): id is string => Boolean(id)));
    const valid: Item[] = loaded.items.filter((item) => !badIds.has(item.id));
    const { added, unchanged } = await this.deps.items.saveVersions(valid.map((item) => ({ item, version: itemVersionHash(item) })));
    return { added, unchanged, rejected: loaded.items.length - valid.length, problems };
  }

  /** The demo organisation and its profile, created once. */
  async ensureDemo(): Promise<Profile> {
    const organisation = await this.deps.organisations.ensure({ id: randomUUID(), name: 'Demo', slug: 'demo' });
    const existing = await this.deps.profiles.findDemo();
    if (existing) return existing;
    return this.deps.profiles.create({
      id: randomUUID(),
      organisationId: organisation.id,
      name: DEMO_PLAN.profileName,
      role: 'Any role using Excel',
      level: 3,
      plan: DEMO_PLAN,
      reviewThreshold: 0.6,
      isDemo: true,
    });
  }
}
