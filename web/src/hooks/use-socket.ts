/**
 * The signed-in user's socket.io connection to /softphone for as long as the component is mounted,
 * with typed listeners: `useSocket({ 'quality-alert': (a) => … })`. Listeners may change between
 * renders without reconnecting; the socket closes on unmount or sign-out (a new token, a new socket). The
 * server refusing the token (access withdrawn) signs the page out.
 */
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { app, socketRefused } from '../core';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listeners = Record<string, (...args: any[]) => void>;

export function useSocket(listeners: Listeners): Socket | null {
  const current = useRef(listeners);
  current.current = listeners;
  const [socket, setSocket] = useState<Socket | null>(null);
  const token = app.session?.token;
  useEffect(() => {
    if (!token) return;
    const s = io('/softphone', { auth: { token }, transports: ['websocket'] });
    s.onAny((event: string, ...args: unknown[]) => current.current[event]?.(...args));
    // Access withdrawn (deactivated, password or roles changed): the server says so and closes the socket.
    s.on('error', (e: { code?: string } | undefined) => e?.code === 'unauthorized' && void socketRefused(token));
    setSocket(s);
    return () => {
      s.close();
      setSocket(null);
    };
  }, [token]);
  return socket;
}
