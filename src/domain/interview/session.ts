/**
 * One candidate's interview as plain, JSON-serialisable data: where it is in its life cycle, the
 * adaptive engine's state, the item on the table (with any follow-up in progress) and the clocks.
 * It is stored whole after every turn, so an interview survives a restart and can be replayed.
 */
import type { ItemKind, SkillArea } from '../bank/item.js';
import type { Grade } from '../grading/grade.js';
import type { AdaptiveConfig, AdaptiveState } from '../adaptive/index.js';
import { createAdaptiveState } from '../adaptive/index.js';

export const SESSION_STATES = ['invited', 'consented', 'in-progress', 'completed', 'expired', 'abandoned'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** What a profile asks of an interview, copied into the session when it is created. */
export interface InterviewPlan {
  readonly profileName: string;
  /** Relative weights of the profile's skill areas. */
  readonly areaWeights: Partial<Record<SkillArea, number>>;
  readonly kindMinimums?: Partial<Record<ItemKind, number>>;
  /** Item kinds the profile allows; absent = all. */
  readonly kinds?: readonly ItemKind[];
  readonly targetSe: number;
  readonly minItems: number;
  readonly maxItems: number;
  /** Whole-interview limit in seconds. */
  readonly maxTimeSec: number;
  readonly mode: 'adaptive' | 'fixed-form';
  readonly fixedForm?: readonly string[];
  /** At most this many follow-up probes per concept item (0-2). */
  readonly maxFollowUps: number;
  /** Ask an unscored warm-up question first. */
  readonly warmUp: boolean;
  /** Share of steps that seed an unscored draft item. */
  readonly pretestRate?: number;
}

export interface FollowUp {
  readonly pointId: string;
  readonly probe: string;
  readonly answer?: string;
}

/** The item on the table. */
export interface CurrentItem {
  readonly itemId: string;
  readonly version: string;
  /** 1-based position among the items asked. */
  readonly position: number;
  readonly presentedAt: string;
  /** After this instant (plus a grace period) the item counts as timed out. */
  readonly deadline: string;
  /** The first answer to a concept item while its follow-ups are asked. */
  readonly firstAnswer?: string;
  readonly followUps: readonly FollowUp[];
  readonly clarifications: number;
  /** Why the adaptive engine chose it (stored for the report). */
  readonly reason?: unknown;
  /** The grade of the answer so far, while a follow-up is pending. */
  readonly lastGrade?: Grade;
}

export interface Session {
  readonly state: SessionState;
  readonly seed: number;
  readonly plan: InterviewPlan;
  /** 1 = standard time; 1.5 = 50% extra time as an accommodation. */
  readonly timeFactor: number;
  readonly adaptive: AdaptiveState;
  readonly warmUp: 'pending' | 'asked' | 'done' | 'skipped';
  readonly current?: CurrentItem;
  readonly itemsAsked: number;
  readonly startedAt?: string;
  readonly completedAt?: string;
  /** The whole interview ends at this instant (time limit × accommodation). */
  readonly deadline?: string;
  readonly pausedAt?: string;
  /** Seconds spent paused so far (a pause moves the deadlines). */
  readonly pausedSec: number;
  readonly stopReason?: string;
  readonly feedback?: { readonly rating: number; readonly comment: string };
}

export const DEFAULT_PLAN: InterviewPlan = {
  profileName: 'Excel interview',
  areaWeights: {},
  targetSe: 0.3,
  minItems: 6,
  maxItems: 20,
  maxTimeSec: 45 * 60,
  mode: 'adaptive',
  maxFollowUps: 2,
  warmUp: true,
};

export function adaptiveConfigOf(plan: InterviewPlan, seed: number): AdaptiveConfig {
  return {
    seed,
    mode: plan.mode,
    ...(plan.fixedForm ? { fixedForm: plan.fixedForm } : {}),
    targetSe: plan.targetSe,
    minItems: plan.minItems,
    maxItems: plan.maxItems,
    areaWeights: plan.areaWeights,
    ...(plan.kindMinimums ? { kindMinimums: plan.kindMinimums } : {}),
    ...(plan.pretestRate ? { pretestRate: plan.pretestRate } : {}),
  };
}

export function createSession(options: { seed: number; plan: InterviewPlan; timeFactor?: number }): Session {
  return {
    state: 'invited',
    seed: options.seed >>> 0,
    plan: options.plan,
    timeFactor: options.timeFactor ?? 1,
    adaptive: createAdaptiveState(adaptiveConfigOf(options.plan, options.seed)),
    warmUp: options.plan.warmUp ? 'pending' : 'skipped',
    itemsAsked: 0,
    pausedSec: 0,
  };
}

/** States in which the candidate can still act. */
export function isOpen(session: Session): boolean {
  return session.state === 'invited' || session.state === 'consented' || session.state === 'in-progress';
}
