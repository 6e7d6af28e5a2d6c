// A grading thread's entry: runs the TypeScript task through tsx, as the CLI does (docs/adr/0001).
import { register } from 'tsx/esm/api';

register();
const task = await import(new URL('../src/services/grading-threads/grading-worker.ts', import.meta.url).href);

export default task.default;
