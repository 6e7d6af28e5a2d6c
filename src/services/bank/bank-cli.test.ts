import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { registerBankCommands } from '../../cli/bank.js';
import { rawChoice, rawConcept, rawFormula, rawWorkbook } from '../../domain/bank/bank-fixtures.test-support.js';
import { loadBankDir } from './load-bank-dir.js';

let root: string;
let bankDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'bank-cli-'));
  bankDir = path.join(root, 'bank');
  await mkdir(path.join(bankDir, 'hands-on'), { recursive: true });
  await writeFile(path.join(bankDir, 'lookups.yaml'), stringify({ area: 'lookups', items: [rawChoice(), rawConcept()] }));
  await writeFile(path.join(bankDir, 'hands-on', 'lookups.yaml'), stringify({ area: 'lookups', items: [rawFormula(), rawWorkbook()] }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(args: string[], deps: { generate?: (prompt: string) => Promise<string> } = {}) {
  let stdout = '';
  let stderr = '';
  const program = new Command().name('excel-interviewer').exitOverride();
  program.configureOutput({ writeOut: (t) => void (stdout += t), writeErr: (t) => void (stderr += t) });
  registerBankCommands(program, {
    ...deps,
    bankDir,
    seed: () => 42,
    engineChecks: async () => ({ checks: { validateFormulaItem: () => ({ ok: true, problems: [] }) }, notes: ['workbook engine checks skipped: test'], dispose: () => undefined }),
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  process.exitCode = 0;
  let code = 0;
  try {
    await program.parseAsync(['node', 'excel-interviewer', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    code = (error as { exitCode?: number }).exitCode ?? 1;
  } finally {
    process.exitCode = 0;
  }
  return { code, stdout, stderr };
}

describe('bank CLI', () => {
  it.each(['validate', 'stats', 'export', 'import', 'draft'])('bank %s --help describes the command', async (command) => {
    const { stdout } = await run(['bank', command, '--help']);
    expect(stdout).toContain(`Usage: excel-interviewer bank ${command}`);
  });

  it('validate: exit 0 with a summary line on a good bank (coverage off)', async () => {
    const { code, stdout, stderr } = await run(['bank', 'validate', bankDir, '--no-coverage']);
    expect(code).toBe(0);
    expect(stdout).toBe('bank validate OK: 2 files, 4 items (4 approved); engine-checked: 1 formula; coverage not checked\n');
    expect(stderr).toContain('note: workbook engine checks skipped');
  });

  it('validate: coverage is on by default for the default bank folder, and fails it', async () => {
    const { code, stderr } = await run(['bank', 'validate']);
    expect(code).toBe(1);
    expect(stderr).toContain('bank: coverage.total: 4 approved items, need 160');
    expect(stderr).toMatch(/bank validate FAILED: .*coverage checked/);
  });

  it('validate: exit 1 with file:item: field: message lines on a broken bank', async () => {
    const broken = path.join(root, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(path.join(broken, 'lookups.yaml'), stringify({ area: 'lookups', items: [rawChoice({ level: 0 }), rawConcept({ gradingGuide: ['a'] })] }));
    const { code, stderr } = await run(['bank', 'validate', broken]);
    expect(code).toBe(1);
    expect(stderr).toContain('  lookups.yaml:lookups.choice-one: level: must be one of 1, 2, 3, 4, 5 (got 0)');
    expect(stderr).toContain('  lookups.yaml:lookups.concept-one: gradingGuide: needs 5 entries');
  });

  it('stats --json prints the agreed shape', async () => {
    const { code, stdout } = await run(['bank', 'stats', '--json']);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(stats)).toEqual(['total', 'approved', 'byKind', 'byArea', 'byLevel']);
    expect(stats['byKind']).toEqual({ choice: 1, formula: 1, workbook: 1, concept: 1 });
  });

  it('stats prints a table', async () => {
    const { stdout } = await run(['bank', 'stats']);
    expect(stdout).toMatch(/^total 4, approved 4\nby kind:\n {2}choice +1\n/);
  });

  it.each(['qti', 'csv'])('export --format %s then import --out writes bank files that load back identically', async (format) => {
    const out = path.join(root, `export-${format}${format === 'csv' ? '.csv' : ''}`);
    const exported = await run(['bank', 'export', '--format', format, '--out', out]);
    expect(exported.code).toBe(0);
    const target = path.join(root, `imported-${format}`);
    const imported = await run(['bank', 'import', '--format', format, out, '--out', target]);
    expect(imported.stdout).toContain('bank import: 4 items into 2 files');
    const original = await loadBankDir(bankDir);
    const back = await loadBankDir(target);
    expect(back.problems).toEqual([]);
    expect([...back.items].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...original.items].sort((a, b) => a.id.localeCompare(b.id)));
    const again = await run(['bank', 'import', '--format', format, out, '--out', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/would overwrite .*--force/);
  });

  it('import: reports problems and writes nothing', async () => {
    const csv = path.join(root, 'bad.csv');
    await writeFile(csv, 'id,kind,area\r\nlookups.x,choice,lookups\r\n');
    const { code, stderr } = await run(['bank', 'import', '--format', 'csv', csv, '--out', path.join(root, 'never')]);
    expect(code).toBe(1);
    expect(stderr).toContain('bad.csv:lookups.x: prompt: is required');
  });

  it('draft: templates without an LLM, valid YAML of draft items', async () => {
    const out = path.join(root, 'drafts.yaml');
    const { code, stderr } = await run(['bank', 'draft', '--area', 'pivot-tables', '--level', '3', '--kind', 'concept', '--count', '2', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('no LLM configured');
    const text = await readFile(out, 'utf8');
    expect(text.match(/status: draft/g)).toHaveLength(2);
  });

  it('draft: uses the LLM when configured and rejects bad option values', async () => {
    const generate = async () => stringify({ area: 'lookups', items: [rawChoice({ id: 'lookups.from-llm' })] });
    const { code, stdout } = await run(['bank', 'draft', '--area', 'lookups', '--level', '2', '--kind', 'choice'], { generate });
    expect(code).toBe(0);
    expect(stdout).toContain('id: lookups.from-llm');
    expect(stdout).toContain('status: draft');
    const bad = await run(['bank', 'draft', '--area', 'nowhere', '--level', '2', '--kind', 'choice']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("argument 'nowhere' is invalid");
  });
});
