/**
 * The Voice SDK Device of this page (the sandbox's Device in sandbox mode, see connectDevice in core.ts),
 * ringing as agent-<jobNumber> in one tab of the agent's only: the tab holding the Web Lock registers it,
 * the others show the offers (their sockets get them) and take over when that tab closes. (Without Web
 * Locks — plain http off localhost — every tab registers.) Gives the Device's status and its call: ringing
 * (to answer or decline) or connected (hang up, mute, DTMF).
 */
import type { Call } from '@twilio/voice-sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { app, connectDevice, type DeviceStatus } from '../../core';

/** The Device's status, or that another tab of the agent's holds it. */
export type DeviceView = DeviceStatus | { key: 'deviceOtherTab' };

export interface SoftphoneDevice {
  status: DeviceView;
  /** The Device's call (ringing or connected), null when there is none. */
  call: Call | null;
  muted: boolean;
  /** The next incoming call is taken at once: the leg back from hold, or a call this agent placed (no offer to answer). */
  acceptNext(on: boolean): void;
  toggleMute(): void;
}

export function useDevice(): SoftphoneDevice {
  const [status, setStatus] = useState<DeviceView>({ key: 'deviceConnecting' });
  const [call, setCall] = useState<Call | null>(null);
  const [muted, setMuted] = useState(false);
  const autoAccept = useRef(false);

  useEffect(() => {
    const onIncoming = (incoming: Call) => {
      setCall(incoming);
      setMuted(false);
      if (autoAccept.current) {
        autoAccept.current = false;
        incoming.accept();
      }
      const clear = () => setCall((current) => (current === incoming ? null : current));
      incoming.on('cancel', clear);
      incoming.on('reject', clear);
      incoming.on('disconnect', clear);
    };
    let destroyDevice = () => {};
    let releaseLock = () => {};
    let gone = false;
    let holding = false;
    const lock = new AbortController();
    const other = window.setTimeout(() => holding || setStatus({ key: 'deviceOtherTab' }), 500);
    const open = () => {
      holding = true;
      setStatus({ key: 'deviceConnecting' });
      destroyDevice = connectDevice((s) => !gone && setStatus(s), onIncoming);
    };
    if (navigator.locks) {
      navigator.locks
        .request(`hotline-device-${app.session!.jobNumber}`, { signal: lock.signal }, () => {
          if (gone) return; // the page went before the lock came: let it go at once
          open();
          return new Promise<void>((release) => (releaseLock = release));
        })
        .catch(() => undefined); // aborted by the teardown while waiting
    } else open();
    return () => {
      gone = true;
      clearTimeout(other);
      lock.abort();
      destroyDevice();
      releaseLock();
    };
  }, []);

  const acceptNext = useCallback((on: boolean) => void (autoAccept.current = on), []);
  const toggleMute = useCallback(() => {
    if (!call) return;
    call.mute(!call.isMuted());
    setMuted(call.isMuted());
  }, [call]);
  return { status, call, muted, acceptNext, toggleMute };
}
