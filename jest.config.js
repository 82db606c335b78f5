// Tiers as in Immich: unit specs beside the code, medium specs (a service against the real
// database) beside the code too, end-to-end specs in test/ driving the real HTTP server.
const swc = ['@swc/jest', { swcrc: true }];
const moduleNameMapper = {
  '^@hotline/acd$': '<rootDir>/libs/acd/src/index.ts',
  '^@hotline/twilio-sandbox$': '<rootDir>/libs/twilio-sandbox/src/index.ts',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,libs,config,scripts}/**/*.spec.ts'] },
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/{src,libs}/**/*.medium-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
