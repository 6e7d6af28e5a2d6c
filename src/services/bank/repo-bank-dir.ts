import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's `bank/` folder: found by walking up from this module to the package.json
 * named `excel-interviewer`, so it works from `src/` (tsx) and from a build output alike.
 */
export function repoBankDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === 'excel-interviewer') return path.join(dir, 'bank');
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('bank');
    dir = parent;
  }
}
