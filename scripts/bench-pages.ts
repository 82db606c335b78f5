/**
 * npm run bench:pages — the weight and first render of the pages (React + Ant Design, one Vite bundle)
 * as the embedded server serves them from dist/web (built by `node web/build.mjs` in the npm script):
 *   1. the first-load JS and CSS (the files index.html names), raw and as sent with
 *      Accept-Encoding br and gzip (the server compresses them: `compression` in src/web/web.module.ts);
 *   2. in Debian's Chromium, N cold loads (a new browser context each: no cache) of the main page:
 *      navigation start → the sign-in form rendered; then sign-in as agent 1003 → the softphone rendered
 *      (its state card), p50 and max.
 *   --runs N   cold loads (default 5)
 *   --json     one JSON object instead of the report
 */
import 'reflect-metadata';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startBenchServer } from './bench-server';

const CHROMIUM = '/usr/bin/chromium';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** The bytes on the wire for `url` when the browser accepts `encoding`, and the encoding the server chose. */
function sentBytes(url: string, encoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
    }).on('error', reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function main(): Promise<void> {
  const runs = Number(arg('runs', '5'));
  const json = process.argv.includes('--json');
  const webRoot = join(__dirname, '..', 'web');
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`${webRoot}/index.html missing: run node web/build.mjs first`);
  process.env.WEB_ROOT = webRoot;
  const log = json ? () => undefined : (line: string) => console.log(line);
  const server = await startBenchServer('pages', log, { DEMO_PASSWORD: 'bench-pages-1', SEED_DEMO: 'true' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
    const files = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    const weight = [];
    for (const file of files) {
      const url = `${server.baseUrl}/${file}`;
      const raw = readFileSync(join(webRoot, file)).length;
      weight.push({ file, raw, br: await sentBytes(url, 'br'), gzip: await sentBytes(url, 'gzip') });
    }
    const signInMs: number[] = [];
    const softphoneMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(server.baseUrl + '/', { waitUntil: 'commit' });
      await page.getByTestId('login-submit').waitFor();
      signInMs.push(Date.now() - start);
      await page.getByTestId('login-job-number').fill('1003');
      await page.getByTestId('login-password').fill('bench-pages-1');
      const signedIn = Date.now();
      await page.getByTestId('login-submit').click();
      await page.getByTestId('agent-state').waitFor();
      softphoneMs.push(Date.now() - signedIn);
      await page.getByTestId('logout').click();
      await page.getByTestId('login-submit').waitFor();
      await context.close();
    }
    const result = {
      files: weight,
      total: { raw: weight.reduce((s, w) => s + w.raw, 0), br: weight.reduce((s, w) => s + w.br.bytes, 0), gzip: weight.reduce((s, w) => s + w.gzip.bytes, 0) },
      signInRenderedMs: { p50: median(signInMs), max: Math.max(...signInMs) },
      softphoneRenderedMs: { p50: median(softphoneMs), max: Math.max(...softphoneMs) },
      runs,
    };
    if (json) console.log(JSON.stringify(result));
    else {
      for (const w of weight) console.log(`${w.file}: ${kb(w.raw)} raw, ${kb(w.br.bytes)} sent as ${w.br.encoding}, ${kb(w.gzip.bytes)} as ${w.gzip.encoding}`);
      console.log(`First load (JS + CSS): ${kb(result.total.raw)} raw, ${kb(result.total.br)} brotli, ${kb(result.total.gzip)} gzip`);
      console.log(`Cold load → sign-in form rendered: p50 ${result.signInRenderedMs.p50} ms, max ${result.signInRenderedMs.max} ms (${runs} runs, no cache)`);
      console.log(`Sign-in → softphone rendered: p50 ${result.softphoneRenderedMs.p50} ms, max ${result.softphoneRenderedMs.max} ms`);
    }
  } finally {
    await browser.close();
    await server.app.close();
    if (server.tempDir) rmSync(server.tempDir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
