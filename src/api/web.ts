import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** Page routes of the web apps: each path serves the app that owns it; assets are served as files. */
const PAGES: readonly { readonly url: string; readonly file: string }[] = [
  { url: '/', file: 'index.html' },
  { url: '/demo', file: 'candidate/index.html' },
  { url: '/i/:token', file: 'candidate/index.html' },
  { url: '/recruiter', file: 'recruiter/index.html' },
  { url: '/recruiter/*', file: 'recruiter/index.html' },
];

/** Serves the built web apps (home, candidate, recruiter) from one folder. */
export const webRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'web apps are not built; run `npm run build` (npm start does it for you)');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders: (reply, filePath) => {
      if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  for (const page of PAGES) {
    app.get(page.url, { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile(page.file));
  }
};
