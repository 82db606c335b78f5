// Builds the pages (web/) with Vite into dist/web, or into the folder given: `node web/build.mjs [outDir]`.
// The browser tests build this way into their own folder (test-artifacts/web*), as `npm run build` does.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// Always a production build, also when run from Jest (NODE_ENV=test would give React's development build).
process.env.NODE_ENV = 'production';
const web = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(web, '..', 'dist', 'web');
await build({ mode: 'production', configFile: join(web, 'vite.config.mjs'), build: { outDir, emptyOutDir: true } });
