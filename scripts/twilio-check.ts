import 'reflect-metadata';
import { createSandboxTwilioClient } from '@hotline/twilio-sandbox';
import twilio from 'twilio';
import { loadConfig } from '../config/load-config';
import { TelephonySettings } from '../src/telephony/telephony-settings';
import { checkTwilioAccount, formatAccountCheck } from '../src/telephony/twilio-account-check';

/**
 * `npm run twilio:check [-- --fix]`: reads the Twilio account of this configuration (the same
 * environment as the server) and prints what is missing or wrong, one line each; exits 1 if
 * anything is. `--fix` sets the number's and trunk's webhook URLs. With TELEPHONY=sandbox and
 * TWILIO_SANDBOX_URL it checks that standalone sandbox; the embedded sandbox needs no check.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const settings = new TelephonySettings(config);
  if (settings.embedsSandbox) {
    process.stdout.write('Sandbox mode: the embedded sandbox is configured by the server itself; nothing to check.\n');
    return;
  }
  const client =
    settings.mode === 'twilio'
      ? twilio(settings.accountSid, settings.authToken)
      : createSandboxTwilioClient(settings.sandboxUrl!, settings.accountSid, settings.authToken);
  const lines = await checkTwilioAccount(client, settings, config, { fix: process.argv.includes('--fix') });
  process.stdout.write(`${formatAccountCheck(lines)}\n`);
  if (lines.some((l) => !l.ok)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`twilio:check failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
