import type { Logger } from 'pino';
import type { JobDefinition } from './job-runner.js';

/** What recalibration reports; the calibration service (wired by the lead) provides it. */
export interface RecalibrationResult {
  readonly recalibrated: number;
  readonly drifted: number;
}

/** Scheduled: re-estimates item parameters from recent responses. Until calibration is wired, a stub that reports nothing. */
export function recalibrateItems(deps: { recalibrate?: () => Promise<RecalibrationResult>; logger: Logger }): JobDefinition<Record<string, never>> {
  return {
    name: 'recalibrate-items',
    attempts: 2,
    backoffMs: 60_000,
    handler: async () => {
      if (!deps.recalibrate) return;
      const result = await deps.recalibrate();
      deps.logger.info({ job: 'recalibrate-items', ...result }, 'items recalibrated');
    },
  };
}
