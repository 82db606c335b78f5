// The pages (React + Ant Design) built by Vite: app.js + app.css beside index.html and a chunk per page (loaded
// when the page is first opened), served by the server (src/web/web.module.ts) from dist/web. The softphone's chunk holds both Devices: Twilio's Voice SDK
// (`@twilio/voice-sdk`, from npm) and the sandbox's (`@hotline/sandbox-device`); the page creates the one
// GET /telephony/token names. JSX by Vite's own transformer (oxc, automatic runtime): no Babel plugin.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: web,
  base: './',
  logLevel: 'warn',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: { '@hotline/sandbox-device': join(web, '..', 'libs', 'twilio-sandbox', 'src', 'browser', 'device.ts') } },
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: join(web, '..', 'dist', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    // esbuild's minifier (a devDependency already): it keeps string literals in double quotes, as the SDK test reads its version.
    minify: 'esbuild',
    sourcemap: true,
    assetsDir: '',
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    rolldownOptions: {
      // Ant Design marks its modules "use client" (for React Server Components): meaningless in one browser bundle.
      onLog: (level, log, handler) => (log.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : handler(level, log)),
      // app.js holds the sign-in page and the frame; each page is a chunk of its own (config/routes.ts), shared
      // code (React, Ant Design's parts) in chunks beside them.
      output: { entryFileNames: 'app.js', chunkFileNames: '[name]-[hash].js', assetFileNames: 'app[extname]' },
    },
  },
});
