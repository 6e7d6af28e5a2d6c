import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportCsv } from '../../domain/bank/csv/export-csv.js';
import { importCsv } from '../../domain/bank/csv/import-csv.js';
import type { Item } from '../../domain/bank/item.js';
import { exportQti } from '../../domain/bank/qti/export-qti.js';
import { importQti } from '../../domain/bank/qti/import-qti.js';
import { serialiseBankFiles } from '../../domain/bank/serialise-bank-files.js';
import type { BankProblem } from '../../domain/bank/bank-problem.js';
import { readFileTree, writeFileTree } from './bank-files.js';

export type BankFormat = 'qti' | 'csv';

/**
 * Writes the items as a QTI 3.0 package folder (`imsmanifest.xml` + `items/`) or as one CSV
 * file at `out`. Returns the paths written.
 */
export async function exportBank(items: readonly Item[], format: BankFormat, out: string): Promise<string[]> {
  if (format === 'qti') return writeFileTree(out, exportQti(items), { overwrite: true });
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, exportCsv(items), 'utf8');
  return [out];
}

/** Reads a QTI package folder or a CSV file into items (validated like bank files). */
export async function importBank(format: BankFormat, source: string): Promise<{ items: readonly Item[]; problems: readonly BankProblem[] }> {
  if (format === 'qti') return importQti(await readFileTree(source));
  return importCsv(await readFile(source, 'utf8'), path.basename(source));
}

/**
 * Writes items as bank YAML files under `dir` (`<area>.yaml`, `hands-on/<area>.yaml`); refuses
 * to replace existing files unless `overwrite`, so an import never clobbers authored content.
 */
export async function writeBankFiles(items: readonly Item[], dir: string, options: { readonly overwrite?: boolean } = {}): Promise<string[]> {
  return writeFileTree(dir, serialiseBankFiles(items), options);
}
