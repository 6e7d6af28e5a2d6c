import { randomUUID } from 'node:crypto';
import { ITEM_KINDS, type ItemKind, type SkillArea } from '../domain/bank/item.js';
import type { InterviewPlan } from '../domain/interview/session.js';
import type { Profile, ProfileRepository } from '../store/repositories/profile-repository.js';
import { invalidInput, notFound } from './errors.js';

export interface ProfileInput {
  readonly name: string;
  readonly role: string;
  readonly level: number;
  readonly areaWeights: Partial<Record<SkillArea, number>>;
  readonly kinds?: readonly ItemKind[] | undefined;
  readonly kindMinimums?: Partial<Record<ItemKind, number>> | undefined;
  readonly targetSe: number;
  readonly minItems: number;
  readonly maxItems: number;
  readonly maxTimeMinutes: number;
  readonly mode: 'adaptive' | 'fixed-form';
  readonly fixedForm?: readonly string[] | undefined;
  readonly maxFollowUps: number;
  readonly warmUp: boolean;
  readonly passScore?: number | undefined;
  readonly reviewThreshold: number;
  /** Share of steps that seed an unscored draft item (default 0.1). */
  readonly pretestRate?: number | undefined;
}

function toPlan(input: ProfileInput): InterviewPlan {
  if (input.minItems > input.maxItems) throw invalidInput('minItems cannot exceed maxItems', { minItems: input.minItems, maxItems: input.maxItems });
  if (Object.values(input.areaWeights).every((w) => !w)) throw invalidInput('give at least one skill area a positive weight');
  if (input.mode === 'fixed-form' && !input.fixedForm?.length) throw invalidInput('a fixed-form profile lists its items in fixedForm');
  const minimums = Object.values(input.kindMinimums ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);
  if (minimums > input.maxItems) throw invalidInput('the kind minimums add up to more than maxItems');
  return {
    profileName: input.name,
    areaWeights: input.areaWeights,
    ...(input.kinds && input.kinds.length < ITEM_KINDS.length ? { kinds: input.kinds } : {}),
    ...(input.kindMinimums ? { kindMinimums: input.kindMinimums } : {}),
    targetSe: input.targetSe,
    minItems: input.minItems,
    maxItems: input.maxItems,
    maxTimeSec: input.maxTimeMinutes * 60,
    mode: input.mode,
    ...(input.fixedForm ? { fixedForm: input.fixedForm } : {}),
    maxFollowUps: input.maxFollowUps,
    warmUp: input.warmUp,
    // Draft items are seeded as unscored pretest items at this rate until they can be calibrated.
    pretestRate: input.pretestRate ?? 0.1,
  };
}

/** Interview profiles of an organisation: the role, level and plan every invitation follows. */
export class ProfileService {
  constructor(private readonly profiles: ProfileRepository) {}

  list(organisationId: string): Promise<Profile[]> {
    return this.profiles.list(organisationId);
  }

  async get(organisationId: string, id: string): Promise<Profile> {
    const profile = await this.profiles.find(id, organisationId);
    if (!profile) throw notFound('profile', id);
    return profile;
  }

  create(organisationId: string, input: ProfileInput): Promise<Profile> {
    return this.profiles.create({
      id: randomUUID(),
      organisationId,
      name: input.name,
      role: input.role,
      level: input.level,
      plan: toPlan(input),
      ...(input.passScore !== undefined ? { passScore: input.passScore } : {}),
      reviewThreshold: input.reviewThreshold,
      isDemo: false,
    });
  }

  async update(organisationId: string, id: string, input: ProfileInput, now: Date): Promise<Profile> {
    const updated = await this.profiles.update(id, organisationId, { name: input.name, role: input.role, level: input.level, plan: toPlan(input), reviewThreshold: input.reviewThreshold, passScore: input.passScore }, now);
    if (!updated) throw notFound('profile', id);
    return updated;
  }
}
