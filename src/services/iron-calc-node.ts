import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FormulaEngine } from '../domain/grading/formula/engine.js';
import { createIronCalcEngine } from '../domain/grading/formula/ironcalc.js';

/** Reads IronCalc's wasm bytes from node_modules (Node only; a browser fetches them). */
export function readIronCalcWasm(): Uint8Array {
  const require = createRequire(import.meta.url);
  return readFileSync(new URL('wasm_bg.wasm', `file://${require.resolve('@ironcalc/wasm')}`));
}

/** The IronCalc engine (the second opinion), loaded for Node. */
export function createNodeIronCalcEngine(): FormulaEngine {
  return createIronCalcEngine(readIronCalcWasm());
}
