import { Piscina } from 'piscina';
import type { FormulaItem, WorkbookItem } from '../../domain/bank/item.js';
import type { Answer, Grade } from '../../domain/grading/grade.js';
import type { GradingTask } from './grading-worker.js';

/** The thread entry, a JavaScript file that loads the TypeScript task through tsx. */
const ENTRY = new URL('../../../bin/grading-thread.js', import.meta.url).href;

export interface GradingThreadsOptions {
  readonly threads: number;
  /** Whether each thread loads IronCalc as the second opinion. */
  readonly secondOpinion: boolean;
  /** Heap limit per thread: a workbook built to exhaust memory ends that thread, not the server. */
  readonly maxHeapMb?: number;
}

/**
 * Runs formula and workbook grading on worker threads (Piscina), so that a long grading (a large
 * uploaded workbook takes seconds) never blocks the API's event loop, and a server on several
 * cores grades while it serves. Each thread builds its own engines once.
 */
export class GradingThreads {
  private readonly pool: Piscina<GradingTask, Grade>;

  constructor(options: GradingThreadsOptions) {
    this.pool = new Piscina<GradingTask, Grade>({
      filename: ENTRY,
      name: 'default',
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { secondOpinion: options.secondOpinion },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1024 },
    });
  }

  /** Grades on a thread; rejects when the thread dies (out of memory) or the task throws. */
  grade(item: FormulaItem | WorkbookItem, answer: Answer): Promise<Grade> {
    return this.pool.run({ item, answer });
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
