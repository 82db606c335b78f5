/**
 * The least a production start needs besides JWT_SECRET when it runs the sandbox: the explicit
 * opt-in, a sandbox auth token of its own and the metrics token (config/load-config.ts refuses
 * anything less).
 */
export const PRODUCTION_SANDBOX = {
  SANDBOX_IN_PRODUCTION: 'true',
  TWILIO_AUTH_TOKEN: 'a-production-sandbox-auth-token',
  METRICS_TOKEN: 'a-production-metrics-token',
} as const;
