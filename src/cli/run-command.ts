import { type Config, loadConfig } from '../config.js';
import { StoreUnavailableError } from '../store/open-store.js';

/** Thrown for a user mistake a command reports in one readable block, then exits with `exitCode`. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Loads the configuration or stops with every problem listed. */
export function requireConfig(overrides: Record<string, string> = {}): Config {
  const result = loadConfig({ ...process.env, ...overrides });
  if (!result.ok) throw new CommandError(`Configuration problems:\n${result.problems.map((p) => `  - ${p}`).join('\n')}`, 2);
  return result.config;
}

/** Runs a command body; known failures print a clear message and set the exit code, others a stack. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof CommandError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
    } else if (error instanceof StoreUnavailableError) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
