/**
 * CAT simulation: this engine (unconstrained and operational) against jsCAT 5.2.3, on the same
 * seeded synthetic banks and simulees, with common random numbers (simulee s answers item i
 * correctly iff U[s][i] < P(θ_s, item i), the same U for every engine).
 *
 *   npm run bench:cat                 2,000 simulees (jsCAT on the first 250 of them)
 *   npm run bench:cat -- --quick      300 simulees (jsCAT on the first 150)
 *   options: --simulees N  --jscat N  --seed N
 */
import type { SkillArea } from '../src/domain/bank/item.js';
import { createRng, randomNormal } from '../src/domain/rng.js';
import { createAdaptiveState, recordCategory, selectNextItem, type ExposureCount, type ExposureCounts } from '../src/domain/adaptive/index.js';
import { runEngine, runJscat, summarize, type CatRow } from './lib/cat-simulation.js';
import { argValue, hasFlag, writeResults } from './lib/results.js';
import { syntheticAreas, syntheticBank } from './lib/synthetic-bank.js';
import { printTable } from './lib/table.js';


const quick = hasFlag('quick');
const SIMULEES = Number(argValue('simulees') ?? (quick ? 300 : 2000));
const JSCAT_SIMULEES = Math.min(SIMULEES, Number(argValue('jscat') ?? (quick ? 150 : 250)));
const SEED = Number(argValue('seed') ?? 20260501);
const BANK_SIZE = 300;
const AREAS = syntheticAreas(5);

interface Condition {
  readonly name: string;
  readonly length?: number;
  readonly targetSe?: number;
  readonly maxItems: number;
}
/** The operational design: shadow-price exposure control with a hard cap at 0.25, content balanced over 5 areas. */
const OPERATIONAL = { exposure: { method: 'shadow-price', cap: 0.25 } } as const;

const CONDITIONS: readonly Condition[] = [
  { name: 'fixed-10', length: 10, maxItems: 10 },
  { name: 'fixed-15', length: 15, maxItems: 15 },
  { name: 'fixed-20', length: 20, maxItems: 20 },
  { name: 'se<0.30 max 30', targetSe: 0.3, maxItems: 30 },
];

function selectionTiming(): { msPerSelection: number; bankSize: number } {
  const bank = syntheticBank({ size: 1000, model: '2pl', seed: SEED + 3 });
  const weights = Object.fromEntries(AREAS.map((a) => [a, 1]));
  const counts = new Map<string, ExposureCount>(bank.map((item, i) => [item.id, { eligible: 100, administered: i % 40 }]));
  const exposure: ExposureCounts = { interviews: 100, items: counts };
  let state = createAdaptiveState({ seed: 1, areaWeights: weights, maxItems: 30 });
  const rng = createRng(5);
  for (let k = 0; k < 10; k++) {
    const pick = selectNextItem(bank, state, { rng, exposure });
    if (!pick) break;
    state = recordCategory(state, pick.item, k % 2, pick.reason);
  }
  const repeats = 2000;
  const start = performance.now();
  for (let k = 0; k < repeats; k++) selectNextItem(bank, state, { rng, exposure });
  return { msPerSelection: (performance.now() - start) / repeats, bankSize: bank.length };
}

function main(): void {
  const started = performance.now();
  const thetaRng = createRng(SEED);
  const thetas = Array.from({ length: SIMULEES }, () => randomNormal(thetaRng));
  const uniformRng = createRng(SEED + 1);
  const uniforms = new Float64Array(SIMULEES * BANK_SIZE).map(() => uniformRng.next());
  const weights = Object.fromEntries(AREAS.map((a) => [a, 1])) as Partial<Record<SkillArea, number>>;
  const rows: CatRow[] = [];
  const subsetRows: CatRow[] = [];

  for (const model of ['2pl', '3pl'] as const) {
    const bank = syntheticBank({ size: BANK_SIZE, model, seed: SEED + (model === '2pl' ? 11 : 13) });
    const jscatFixed = runJscat(bank, thetas.slice(0, JSCAT_SIMULEES), uniforms, 20, undefined, [10, 15, 20]);
    const jscatSe = runJscat(bank, thetas.slice(0, JSCAT_SIMULEES), uniforms, 30, 0.3, [30]);
    for (const condition of CONDITIONS) {
      const base = { maxItems: condition.maxItems, minItems: condition.length ?? 1, targetSe: condition.targetSe ?? 0 };
      const unconstrained = runEngine(bank, thetas, uniforms, { ...base, exposure: { method: 'none' } }, SEED);
      const operational = runEngine(bank, thetas, uniforms, { ...base, ...OPERATIONAL, areaWeights: weights }, SEED);
      const jscat = condition.length ? jscatFixed.get(condition.length) : jscatSe.get(30);
      rows.push(summarize('irt-engine', 'unconstrained', model, condition.name, thetas, unconstrained, SIMULEES, AREAS, BANK_SIZE));
      rows.push(summarize('irt-engine', 'operational', model, condition.name, thetas, operational, SIMULEES, AREAS, BANK_SIZE));
      if (jscat) {
        const jscatRow = summarize('jscat-eap-mfi', 'unconstrained', model, condition.name, thetas, jscat, JSCAT_SIMULEES, AREAS, BANK_SIZE);
        rows.push(jscatRow);
        subsetRows.push(jscatRow);
      }
      subsetRows.push(summarize('irt-engine', 'unconstrained', model, condition.name, thetas, unconstrained, JSCAT_SIMULEES, AREAS, BANK_SIZE));
      subsetRows.push(summarize('irt-engine', 'operational', model, condition.name, thetas, operational, JSCAT_SIMULEES, AREAS, BANK_SIZE));
    }
  }
  const timing = selectionTiming();
  const columns = [
    { header: 'engine', value: (r: CatRow) => r.engine },
    { header: 'mode', value: (r: CatRow) => r.mode },
    { header: 'bank', value: (r: CatRow) => r.bank },
    { header: 'condition', value: (r: CatRow) => r.condition },
    { header: 'n', value: (r: CatRow) => r.simulees, digits: 0 },
    { header: 'rmse', value: (r: CatRow) => r.rmse },
    { header: 'bias', value: (r: CatRow) => r.bias },
    { header: 'items', value: (r: CatRow) => r.meanItems, digits: 1 },
    { header: 'maxExp', value: (r: CatRow) => r.maxExposure },
    { header: 'unused', value: (r: CatRow) => r.unusedShare, digits: 2 },
    { header: 'contentMad', value: (r: CatRow) => r.contentMad },
    { header: 'ms/simulee', value: (r: CatRow) => r.msPerSimulee, digits: 2 },
    { header: 'ms/item', value: (r: CatRow) => r.msPerItem, digits: 4 },
  ];
  printTable(`CAT simulation: ${SIMULEES} simulees, bank ${BANK_SIZE} items (jsCAT on the first ${JSCAT_SIMULEES})`, rows, columns);
  printTable(`Paired on jsCAT's ${JSCAT_SIMULEES} simulees (same θ, same random numbers)`, subsetRows, columns);
  console.log(`\nselectNextItem on a ${timing.bankSize}-item bank (operational config, after 10 answers): ${timing.msPerSelection.toFixed(4)} ms`);
  const path = writeResults('cat', {
    simulees: SIMULEES,
    jscatSimulees: JSCAT_SIMULEES,
    seed: SEED,
    rows,
    pairedOnJscatSubset: subsetRows,
    selection1000: timing,
    totalSec: (performance.now() - started) / 1000,
  });
  console.log(`wrote ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
