// Tiers as in Immich: unit specs beside the code, medium specs (a service against the real
// database) beside the code too, end-to-end specs in test/ driving the real HTTP server.
const moduleNameMapper = {
  '^@hotline/acd$': '<rootDir>/libs/acd/src/index.ts',
  '^@hotline/twilio-sandbox$': '<rootDir>/libs/twilio-sandbox/src/index.ts',
};
// ESM-only packages that must be turned into CommonJS for Jest on Node 20 (see the transformer).
const esmOnly = ['@nestjs', 'fast-xml-parser'];
const common = {
  transform: {
    '^.+\\.ts$': ['@swc/jest', { swcrc: true }],
    '^.+\\.m?js$': '<rootDir>/test/support/jest-esm-to-cjs.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
  testEnvironment: 'node',
};
module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,libs,config,scripts}/**/*.spec.ts'] },
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/{src,libs}/**/*.medium-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
