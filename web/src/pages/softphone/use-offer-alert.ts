/**
 * While an offer rings: an audible ringtone (WebAudio: China's 450 Hz, 1 s on, 4 s off — no audio file), a
 * desktop notification (asked for once, when the page opens) and the tab's title flashing, until it is
 * answered, declined or withdrawn.
 */
import { useEffect } from 'react';
import { t } from '../../core';
import type { RingingOffer } from './data';

function ringtone(): () => void {
  if (typeof AudioContext === 'undefined') return () => {};
  const ctx = new AudioContext();
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  gain.gain.value = 0;
  const tone = ctx.createOscillator();
  tone.frequency.value = 450;
  tone.connect(gain);
  tone.start();
  const cadence = () => {
    const now = ctx.currentTime;
    gain.gain.setValueAtTime(0.2, now);
    gain.gain.setValueAtTime(0, now + 1);
  };
  cadence();
  const every = window.setInterval(cadence, 5000);
  return () => {
    window.clearInterval(every);
    tone.stop();
    void ctx.close();
  };
}

/** The title shown on every other beat while an offer rings. */
export const offerTitle = () => `☎ ${t('newOffer')}`;

export function useOfferAlert(offer: RingingOffer | null): void {
  useEffect(() => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  }, []);
  const callSid = offer?.callSid;
  const from = offer?.from;
  useEffect(() => {
    if (!callSid) return;
    const stopTone = ringtone();
    const notification =
      typeof Notification !== 'undefined' && Notification.permission === 'granted' ? new Notification(t('newOffer'), { body: from, tag: callSid }) : null;
    const title = document.title;
    const flash = window.setInterval(() => (document.title = document.title === title ? offerTitle() : title), 700);
    return () => {
      stopTone();
      notification?.close();
      window.clearInterval(flash);
      document.title = title;
    };
  }, [callSid, from]);
}
