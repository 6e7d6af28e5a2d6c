import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { formatProblem, type BankProblem } from '../domain/bank/bank-problem.js';
import { bankStats, type BankStats } from '../domain/bank/bank-stats.js';
import { draftItems, draftItemsWithLlm } from '../domain/bank/draft/draft-items.js';
import { ITEM_KINDS, SKILL_AREAS, type Item, type ItemKind, type Level, type SkillArea } from '../domain/bank/item.js';
import { serialiseBankFile } from '../domain/bank/serialise-bank-files.js';
import { validateBank } from '../domain/bank/validate-bank.js';
import { createRng } from '../domain/rng.js';
import { exportBank, importBank, writeBankFiles, type BankFormat } from '../services/bank/export-bank.js';
import { loadBankDir } from '../services/bank/load-bank-dir.js';
import { loadEngineChecks, type LoadedEngineChecks } from '../services/bank/load-engine-checks.js';
import { repoBankDir } from '../services/bank/repo-bank-dir.js';

/** What the bank commands need from outside; every field has a working default. */
export interface BankCommandDeps {
  /** An LLM completion function when one is configured; drafts come from templates otherwise. */
  readonly generate?: (prompt: string) => Promise<string>;
  /** Loads a bank folder into the database (`bank import` without --format). */
  readonly importIntoDatabase?: (dir: string) => Promise<{ added: number; unchanged: number; rejected: number; problems: readonly string[] }>;
  /** The grading engine's checks; by default found in `domain/grading/{formula,workbook}`. */
  readonly engineChecks?: () => Promise<LoadedEngineChecks>;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** The default bank folder; `<repo>/bank` by default. */
  readonly bankDir?: string;
  /** Seed for template drafts when `--seed` is not given; the clock by default. */
  readonly seed?: () => number;
}

function printProblems(problems: readonly BankProblem[], write: (text: string) => void): void {
  for (const p of problems) write(`  ${formatProblem(p)}\n`);
}

function statsTable(stats: BankStats): string {
  const section = (title: string, counts: Readonly<Record<string, number>>) =>
    [`${title}:`, ...Object.entries(counts).map(([k, n]) => `  ${k.padEnd(36)} ${String(n).padStart(4)}`)].join('\n');
  return [
    `total ${stats.total}, approved ${stats.approved}`,
    section('by kind', stats.byKind),
    section('by area', stats.byArea),
    section('by level', stats.byLevel),
    '',
  ].join('\n');
}

/** Registers the item bank commands (bank validate|stats|import|export|draft). */
export function registerBankCommands(program: Command, deps: BankCommandDeps = {}): void {
  const out = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const defaultDir = () => deps.bankDir ?? repoBankDir();
  const fail = (message: string) => {
    err(`${message}\n`);
    process.exitCode = 1;
  };

  const bank = program.command('bank').description('validate, count, export, import and draft items of the item bank (bank/**/*.yaml)');

  bank
    .command('validate')
    .description('check the bank files: schema, ids, references, engine checks on formula/workbook items, coverage; exit 1 on any problem')
    .argument('[dir]', 'bank folder (default: the repository bank/)')
    .option('--coverage', "check the coverage rules (default for the repository's bank)")
    .option('--no-coverage', 'skip the coverage rules (partial banks)')
    .option('--no-engine', 'skip the grading-engine checks')
    .action(async (dir: string | undefined, options: { coverage?: boolean; engine: boolean }) => {
      const folder = path.resolve(dir ?? defaultDir());
      const coverage = options.coverage ?? folder === path.resolve(defaultDir());
      const loaded = await loadBankDir(folder);
      const engine = options.engine ? await (deps.engineChecks ?? loadEngineChecks)() : { checks: {}, notes: ['engine checks skipped: --no-engine'], dispose: () => undefined };
      let result: Awaited<ReturnType<typeof validateBank>>;
      try {
        result = await validateBank(loaded.items, engine.checks, { coverage, sourceOf: loaded.sourceOf });
      } finally {
        engine.dispose();
      }
      const problems = [...loaded.problems, ...result.problems];
      for (const note of engine.notes) err(`note: ${note}\n`);
      const stats = bankStats(loaded.items);
      const ran = [
        result.engine.formula.ran ? `${result.engine.formula.items} formula` : undefined,
        result.engine.workbook.ran ? `${result.engine.workbook.items} workbook` : undefined,
      ].filter(Boolean);
      const summary = `${loaded.files.length} files, ${stats.total} items (${stats.approved} approved); engine-checked: ${ran.length > 0 ? ran.join(', ') : 'none'}; coverage ${coverage ? 'checked' : 'not checked'}`;
      if (problems.length > 0) {
        err(`bank validate: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${folder}\n`);
        printProblems(problems, err);
        fail(`bank validate FAILED: ${summary}`);
      } else {
        out(`bank validate OK: ${summary}\n`);
      }
    });

  bank
    .command('stats')
    .description('count items per kind, area and level')
    .argument('[dir]', 'bank folder (default: the repository bank/)')
    .option('--json', 'print { total, approved, byKind, byArea, byLevel } as JSON')
    .action(async (dir: string | undefined, options: { json?: boolean }) => {
      const loaded = await loadBankDir(path.resolve(dir ?? defaultDir()));
      const stats = bankStats(loaded.items);
      out(options.json ? `${JSON.stringify(stats, null, 2)}\n` : statsTable(stats));
      if (loaded.problems.length > 0) err(`note: ${loaded.problems.length} problems left items out of these counts; run bank validate\n`);
    });

  const formatOption = () => new Option('--format <format>', 'qti (QTI 3.0 package folder) or csv').choices(['qti', 'csv']).makeOptionMandatory();

  bank
    .command('export')
    .description('export the bank as a QTI 3.0 package folder (imsmanifest.xml + items/) or as one CSV file')
    .argument('[dir]', 'bank folder (default: the repository bank/)')
    .addOption(formatOption())
    .requiredOption('--out <path>', 'package folder (qti) or file (csv) to write')
    .option('--partial', 'export the items that parse even when some files have problems')
    .action(async (dir: string | undefined, options: { format: BankFormat; out: string; partial?: boolean }) => {
      const loaded = await loadBankDir(path.resolve(dir ?? defaultDir()));
      if (loaded.problems.length > 0) {
        err(`bank export: ${loaded.problems.length} problems in the bank files\n`);
        printProblems(loaded.problems, err);
        if (!options.partial) return fail('bank export: nothing written (fix the problems, or pass --partial)');
      }
      const written = await exportBank(loaded.items, options.format, options.out);
      out(`bank export: ${loaded.items.length} items as ${options.format} to ${options.out} (${written.length} files)\n`);
    });

  bank
    .command('import')
    .description('load the bank folder into the database (new versions for changed items); with --format, convert a QTI 3.0 package folder or a CSV file into bank YAML files instead')
    .argument('[path]', 'bank folder to load (default: the repository bank), or with --format the package folder (qti) or file (csv) to read')
    .addOption(new Option('--format <format>', 'qti (QTI 3.0 package folder) or csv: convert into bank files').choices(['qti', 'csv']))
    .option('--out <dir>', 'with --format: folder to write bank files into')
    .option('--force', 'with --format: replace bank files that already exist')
    .action(async (source: string | undefined, options: { format?: BankFormat; out?: string; force?: boolean }) => {
      if (!options.format) {
        if (!deps.importIntoDatabase) return fail('bank import: no database available');
        const result = await deps.importIntoDatabase(source ?? defaultDir());
        out(`bank import: ${result.added} new item versions, ${result.unchanged} unchanged, ${result.rejected} rejected\n`);
        if (result.problems.length > 0) {
          for (const problem of result.problems) err(`  ${problem}\n`);
          return fail('bank import: items with problems were not loaded (see `bank validate`)');
        }
        return;
      }
      if (!source || !options.out) return fail('bank import --format needs a <path> to read and --out <dir>');
      const imported = await importBank(options.format, source);
      if (imported.problems.length > 0) {
        err(`bank import: ${imported.problems.length} problems in ${source}\n`);
        printProblems(imported.problems, err);
        return fail('bank import: nothing written');
      }
      try {
        const written = await writeBankFiles(imported.items, options.out, { overwrite: options.force === true });
        out(`bank import: ${imported.items.length} items into ${written.length} files under ${options.out}\n`);
      } catch (error) {
        fail(`bank import: ${error instanceof Error ? error.message : String(error)} (pass --force to replace)`);
      }
    });

  bank
    .command('draft')
    .description('draft new items (status draft, never live until approved) with the LLM when configured, from templates otherwise')
    .addOption(new Option('--area <area>', 'skill area').choices([...SKILL_AREAS]).makeOptionMandatory())
    .addOption(new Option('--level <n>', 'level 1-5').choices(['1', '2', '3', '4', '5']).makeOptionMandatory())
    .addOption(new Option('--kind <kind>', 'item kind').choices([...ITEM_KINDS]).makeOptionMandatory())
    .option('--count <n>', 'how many items', '1')
    .option('--seed <n>', 'seed for template drafts (ids and generated data)')
    .option('--out <file>', 'write the drafts as a bank file here instead of printing them')
    .option('--templates', 'use the templates even when an LLM is configured')
    .action(async (options: { area: SkillArea; level: string; kind: ItemKind; count: string; seed?: string; out?: string; templates?: boolean }) => {
      const count = Number(options.count);
      if (!Number.isInteger(count) || count < 1 || count > 50) return fail('bank draft: --count must be a whole number from 1 to 50');
      const request = { area: options.area, level: Number(options.level) as Level, kind: options.kind, count };
      const rng = createRng(options.seed !== undefined ? Number(options.seed) : (deps.seed ?? Date.now)());
      let items: readonly Item[];
      if (deps.generate && !options.templates) {
        const result = await draftItemsWithLlm(request, deps.generate, rng);
        if (result.problems.length > 0) {
          err(`bank draft: the LLM's items had ${result.problems.length} problems and were left out:\n`);
          printProblems(result.problems, err);
        }
        items = result.items;
        if (items.length === 0) return fail('bank draft: no valid draft');
      } else {
        if (!deps.generate) err('note: no LLM configured; drafting from templates (replace every [DRAFT] text)\n');
        items = draftItems(request, undefined, rng);
      }
      const yaml = serialiseBankFile(options.area, items);
      if (options.out) {
        try {
          await writeFile(options.out, yaml, { encoding: 'utf8', flag: 'wx' });
        } catch (error) {
          return fail(`bank draft: ${error instanceof Error ? error.message : String(error)}`);
        }
        out(`bank draft: ${items.length} draft ${options.kind} items written to ${options.out}\n`);
      } else out(yaml);
    });
}
