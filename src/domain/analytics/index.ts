/** Psychometric and operational statistics for the assessment owner; pure functions over plain data. */
export { mean, variance, standardDeviation, pearson, quantile, median, finiteOrNull } from './descriptive.js';
export { cronbachAlpha, standardErrorOfMeasurement } from './reliability.js';
export { facility, pointBiserial, upperLowerIndex, distractorAnalysis, type ItemObservation, type ChoiceObservation, type DistractorRow } from './item-statistics.js';
export { testInformationCurve, type InformationPoint } from './test-information.js';
export { mantelHaenszel, type DifObservation, type MantelHaenszelResult, type EtsDifClass } from './mantel-haenszel.js';
export { impactRatios, type GroupOutcome, type ImpactRow } from './adverse-impact.js';
export { buildFunnel, scoreDistribution, passRatesOverTime, periodOf, type InterviewFact, type Funnel, type Distribution, type PassRatePoint } from './operations.js';
export { flagItem, type ItemFlag, type ItemFlagInput } from './item-flags.js';
