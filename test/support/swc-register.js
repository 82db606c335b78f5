// Lets a child process run the application's TypeScript as it is, compiled file by file with swc and
// the repository's .swcrc (as Jest does), so a test can start the real server in its own process —
// and kill it — without building dist first. Nest's ES modules load through Node 20's require(esm).
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..', '..');
const { $schema, ...swcrc } = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const aliases = {
  '@hotline/acd': join(root, 'libs/acd/src/index.ts'),
  '@hotline/twilio-sandbox': join(root, 'libs/twilio-sandbox/src/index.ts'),
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcrc, filename, swcrc: false });
  module._compile(code, filename);
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};
