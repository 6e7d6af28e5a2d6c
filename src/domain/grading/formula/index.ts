/** The spreadsheet grading engine's public surface. */
export * from './engine.js';
export * from './grade-formula-answer.js';
export * from './validate-formula-item.js';
export * from './variants.js';
export * from './compare.js';
export { createIronCalcEngine } from './ironcalc.js';
export { functionsUsed, shiftFormula, tokenize } from './tokenize.js';
