/**
 * A standalone Twilio sandbox for a site of several server processes (docs/scale-out.md): Twilio's
 * stand-in in a process of its own, as Twilio is outside ours, so killing or restarting a server
 * process loses no call. Its BYOC trunk sends the hotline number's calls to the load balancer.
 *   SANDBOX_PORT     where it listens (default 3100); the servers' TWILIO_SANDBOX_URL
 *   SITE_URL         the load balancer the servers sit behind (default http://127.0.0.1:8080);
 *                    the servers' PUBLIC_BASE_URL, over which webhooks are signed
 *   HOTLINE_NUMBER, RING_CADENCE_SECONDS, TWILIO_BYOC_TRUNK_SID   as the servers' (config defaults)
 * Run after `npm run build`: `node dist/scripts/sandbox-server.js` (scripts/start-site.sh does).
 */
import 'reflect-metadata';
import { SANDBOX_DEFAULT_BYOC_TRUNK_SID, TwilioSandbox } from '@hotline/twilio-sandbox';
import { loadConfig } from '../config/load-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const site = (process.env.SITE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  const sandbox = new TwilioSandbox({
    phoneNumbers: [],
    byocTrunks: [
      {
        sid: config.TWILIO_BYOC_TRUNK_SID ?? SANDBOX_DEFAULT_BYOC_TRUNK_SID,
        friendlyName: 'China carrier (site)',
        voiceUrl: `${site}/twilio/voice/incoming`,
        voiceFallbackUrl: `${site}/twilio/voice/fallback`,
        statusCallbackUrl: `${site}/twilio/voice/status`,
        numbers: [config.HOTLINE_NUMBER],
      },
    ],
    timings: { ringCycleMs: config.RING_CADENCE_SECONDS * 1000 },
  });
  const { url } = await sandbox.listen(Number(process.env.SANDBOX_PORT ?? 3100), process.env.SANDBOX_HOST ?? '127.0.0.1');
  process.stdout.write(`twilio sandbox on ${url}; calls to ${config.HOTLINE_NUMBER} go to ${site}\n`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGTERM', stop).on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`sandbox failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
