// Bundles the softphone / wallboard pages (web/src) into dist/web with esbuild. One bundle for both
// modes: Twilio's Voice SDK (`@twilio/voice-sdk`, from npm) and the sandbox's Device
// (`@hotline/sandbox-device`); the page creates the one the server's /telephony/token names.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `node web/build.mjs [outDir]` — default dist/web, which the server serves at `/`.
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist', 'web');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'web', 'src', 'main.ts')],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  outfile: join(out, 'app.js'),
  alias: { '@hotline/sandbox-device': join(root, 'libs', 'twilio-sandbox', 'src', 'browser', 'device.ts') },
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css']) copyFileSync(join(root, 'web', file), join(out, file));
