import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BankProblem } from '../../domain/bank/bank-problem.js';
import type { Item } from '../../domain/bank/item.js';
import { parseBankFile } from '../../domain/bank/parse-bank-file.js';

export interface LoadedBank {
  readonly items: readonly Item[];
  readonly problems: readonly BankProblem[];
  /** The bank files read, relative to `dir`, sorted. */
  readonly files: readonly string[];
  /** Which file each item came from (relative to `dir`), for locating problems. */
  readonly sourceOf: (item: Item) => string;
}

async function listYamlFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listYamlFiles(dir, relative)));
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) files.push(relative);
  }
  return files;
}

/**
 * Reads every `**\/*.yaml` (and `.yml`) under `dir` and parses it as a bank file. Problems name
 * files relative to `dir`; a missing folder is a problem, not an exception.
 */
export async function loadBankDir(dir: string): Promise<LoadedBank> {
  let files: string[];
  try {
    files = await listYamlFiles(dir);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { items: [], problems: [{ file: dir, message: `cannot read the bank folder: ${message}` }], files: [], sourceOf: () => dir };
  }
  const items: Item[] = [];
  const problems: BankProblem[] = [];
  const sources = new Map<Item, string>();
  for (const file of files) {
    const parsed = parseBankFile(await readFile(path.join(dir, file), 'utf8'), file);
    problems.push(...parsed.problems);
    for (const item of parsed.items) {
      items.push(item);
      sources.set(item, file);
    }
  }
  return { items, problems, files, sourceOf: (item) => sources.get(item) ?? 'bank' };
}
