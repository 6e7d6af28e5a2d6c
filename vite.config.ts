import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const web = path.resolve(import.meta.dirname, 'src/web');

/** The web apps: home page, candidate app and recruiter app, built into dist/web and served by the API server. */
export default defineConfig({
  root: web,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: {
        home: path.join(web, 'index.html'),
        candidate: path.join(web, 'candidate/index.html'),
        recruiter: path.join(web, 'recruiter/index.html'),
      },
    },
  },
});
