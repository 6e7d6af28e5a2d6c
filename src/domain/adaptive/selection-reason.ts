/**
 * Why an item was chosen, recorded in the decision log so a report can explain every step.
 */
import type { ItemKind, SkillArea } from '../bank/item.js';

export type SelectionReason =
  | {
      readonly kind: 'max-info';
      /** Estimate the choice was made at. */
      readonly theta: number;
      readonly se: number;
      /** Fisher information of the chosen item at θ, and its rank by score (information − price; 1 = best). */
      readonly information: number;
      readonly rank: number;
      readonly runnerUp?: { readonly itemId: string; readonly information: number };
      /** Items that could have been asked at this step (after content, kind and exposure rules). */
      readonly candidates: number;
      /** Items left out only because exposure control made them ineligible this interview. */
      readonly excludedByExposure: number;
      /** True when exposure control left nothing and was relaxed for this step. */
      readonly exposureRelaxed: boolean;
      /** `eligibility` control: the chosen item's eligibility probability this interview. */
      readonly eligibilityProbability?: number;
      /** `shadow-price` control: the price subtracted from the chosen item's information. */
      readonly exposurePrice?: number;
      /** Observed exposure rate of the chosen item across interviews (when counted). */
      readonly exposureRate?: number;
      readonly area: SkillArea;
      /** Content need of the chosen area: target items so far minus items given (content balancing). */
      readonly areaNeed?: number;
      /** Kinds the step was restricted to, to meet the profile's kind minimums. */
      readonly requiredKinds?: readonly ItemKind[];
    }
  | { readonly kind: 'fixed-form'; readonly position: number; readonly formLength: number }
  | { readonly kind: 'pretest'; readonly draftsAvailable: number; readonly pretestRate: number };
