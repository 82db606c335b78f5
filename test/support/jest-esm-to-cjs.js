// Nest 12 packages are ESM-only. Node 20 loads them with require(esm), but Jest's module runtime
// can only do that on Node 24.9+; on Node 20 it expects a transform to turn them into CommonJS.
// swc does the conversion; `import.meta.url` has no CommonJS form, so it becomes the file's URL (through
// module.require, because these files often declare a local `require`).
const { createTransformer } = require('@swc/jest');

const swc = createTransformer({
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs', ignoreDynamic: false }, // import() → require(), so Jest's runtime loads it
  sourceMaps: false,
});

module.exports = {
  ...swc,
  process(source, filename, options) {
    const patched = source.replace(/\bimport\.meta\.url\b/g, 'module.require("node:url").pathToFileURL(__filename).href');
    return swc.process(patched, filename, options);
  },
  getCacheKey(source, filename, options) {
    return swc.getCacheKey(source + '\0esm-to-cjs-v3', filename, options);
  },
};
