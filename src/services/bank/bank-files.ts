import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes path → text files under `dir`, creating folders; returns the paths written. Unless
 * `overwrite`, an existing file is an error (checked before anything is written).
 */
export async function writeFileTree(dir: string, files: Readonly<Record<string, string>>, options: { readonly overwrite?: boolean } = {}): Promise<string[]> {
  if (!options.overwrite) {
    const existing = [];
    for (const relative of Object.keys(files)) if (await exists(path.join(dir, relative))) existing.push(relative);
    if (existing.length > 0) throw new Error(`would overwrite ${existing.join(', ')} in ${dir}`);
  }
  const written: string[] = [];
  for (const [relative, text] of Object.entries(files)) {
    if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) throw new Error(`refusing to write outside ${dir}: ${relative}`);
    const target = path.join(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text, 'utf8');
    written.push(target);
  }
  return written;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads every file under `dir` as text, keyed by its path relative to `dir` with `/` separators. */
export async function readFileTree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (prefix: string) => {
    for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(relative);
      else if (entry.isFile()) files[relative] = await readFile(path.join(dir, relative), 'utf8');
    }
  };
  await walk('');
  return files;
}
