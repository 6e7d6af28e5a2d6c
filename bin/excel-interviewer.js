#!/usr/bin/env node
// Runs the TypeScript sources through tsx (a runtime dependency), so the CLI is never stale.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli.ts', import.meta.url).href);
