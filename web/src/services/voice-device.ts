/**
 * The page's softphone Device: Twilio's Voice SDK in production, the sandbox's (same API, no media) when the
 * server embeds the sandbox. Only the pages that ring (the softphone, the callback visits, the wallboard's
 * monitoring) import it, so the SDK loads with their chunks and stays off every other page's first load.
 */
import { SandboxDevice } from '@hotline/sandbox-device';
import { Call, Device } from '@twilio/voice-sdk';
import { api, app } from '../core';

/** GET /telephony/token: the agent's access token, and which Device takes it. */
interface VoiceToken {
  token: string;
  mode: 'twilio' | 'sandbox';
}

/** What the page asks of a Device — Twilio's Voice SDK Device and the sandbox's both have it. */
interface Softphone {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
  register(): Promise<void>;
  updateToken(token: string): void;
  destroy(): void;
}

/** Twilio's Voice SDK in production; the sandbox's Device (same API, no media) when the server embeds the sandbox. */
const createDevice = ({ token, mode }: VoiceToken): Softphone =>
  mode === 'twilio' ? new Device(token, { closeProtection: true }) : (new SandboxDevice(token, {}) as unknown as Softphone);

/** What a Device is doing, as a text key (shown in the page's language) and the error's own message if any. */
export interface DeviceStatus {
  key: 'deviceConnecting' | 'deviceReady' | 'deviceOffline' | 'deviceError';
  detail?: string;
}

/**
 * Registers this page's softphone — the Voice SDK Device (the sandbox's in sandbox mode), ringing as the signed-in
 * agent's identity — reports its state to `onStatus`, and hands each incoming call to `onIncoming`. Returns the teardown.
 * The token is renewed on `tokenWillExpire` (10 s before it expires): Twilio drops the registration of an
 * expired token (20104), and the agent would stop ringing an hour into a shift.
 */
export function connectDevice(onStatus: (status: DeviceStatus) => void, onIncoming: (call: Call) => void): () => void {
  let device: Softphone | null = null;
  let gone = false;
  const renew = async (attempt = 0): Promise<void> => {
    try {
      const { token } = await api<VoiceToken>('GET', '/telephony/token');
      if (!gone) device?.updateToken(token);
    } catch (e) {
      // A failed renewal is tried again while the old token still holds (every 2 s within the 10 s warning).
      if (!gone && app.session && attempt < 4) setTimeout(() => void renew(attempt + 1), 2000);
      else onStatus({ key: 'deviceError', detail: (e as Error).message });
    }
  };
  void (async () => {
    try {
      const voiceToken = await api<VoiceToken>('GET', '/telephony/token');
      if (gone) return;
      device = createDevice(voiceToken);
      device.on('registered', () => onStatus({ key: 'deviceReady' }));
      device.on('unregistered', () => onStatus({ key: 'deviceOffline' }));
      device.on('error', (e: Error) => onStatus({ key: 'deviceError', detail: e.message }));
      device.on('incoming', onIncoming);
      device.on('tokenWillExpire', () => void renew());
      await device.register();
    } catch (e) {
      onStatus({ key: 'deviceError', detail: (e as Error).message });
    }
  })();
  return () => {
    gone = true;
    device?.destroy();
  };
}
