// Builds the web apps into dist/web. With --if-stale, does nothing when the build is newer than
// every source file it depends on (so `npm start` is fast after the first run).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'dist', 'web', 'index.html');
const sources = ['src/web', 'src/domain', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p));

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(marker) && statSync(marker).mtimeMs >= Math.max(...sources.map(newestMtime))) {
  process.exit(0);
}
process.stdout.write('Building the web apps…\n');
execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
