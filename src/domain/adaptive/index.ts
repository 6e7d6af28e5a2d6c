/**
 * The adaptive engine's public surface: the interview engine and the calibration job use only
 * what is exported here.
 */
export { resolveConfig, type AdaptiveConfig, type ResolvedConfig, type ExposureMethod } from './adaptive-config.js';
export {
  createAdaptiveState,
  recordResponse,
  recordCategory,
  gradeToCategory,
  type AdaptiveState,
  type DecisionLogEntry,
  type RecordedResponse,
} from './adaptive-state.js';
export { selectNextItem, type Selection, type SelectionContext } from './select-next-item.js';
export type { SelectionReason } from './selection-reason.js';
export { shouldStop, type StopDecision, type StopReason } from './should-stop.js';
export { nextStep, type NextStep } from './next-step.js';
export { estimateAbility, type AbilityEstimate, type EstimationMethod, type EstimationOptions } from './estimate-ability.js';
export { skillScores, type SkillScore } from './skill-scores.js';
export { scaleScore, type ScaleScore, type LevelLabel } from './scale-score.js';
export { exposureUpdate, type ExposureCount, type ExposureCounts, DEFAULT_EXPOSURE_CAP } from './exposure.js';
export { categoryProbabilities, itemInformation, expectedScore, probabilityCorrect } from './irt-model.js';
export { calibrateItems, type CalibrationResponse, type CalibrationOptions, type CalibrationResult, type CalibratedItem } from './calibrate-items.js';
export { detectDrift, type DriftReport } from './detect-drift.js';
