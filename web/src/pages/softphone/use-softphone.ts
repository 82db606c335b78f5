/**
 * The agent's softphone session over socket.io /softphone: their state and counters, the offer ringing
 * now, the connected call, wrap-up, the screen pop; and the gateway's commands (acknowledged: true when
 * ok, else the error is kept for the page to show). The socket lives as long as the page — a language
 * switch re-renders, it never reconnects — and signing out tells the server before the page lets go.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { api, app } from '../../core';
import { useSocket } from '../../hooks/use-socket';
import { errorText } from '../../services/errors';
import type { Ack, ActiveCall, AgentStateEvent, CallEvent, OfferEvent, PopHistory, RingingOffer, ScreenPopView, SnapshotEvent } from './data';

/** Wrap-up (话后处理) of the last call: since when (wall time) and, when the server gives one, its deadline. */
export interface WrapUp {
  callSid: string | null;
  startedAt: number;
  /** When the server ends wrap-up by itself (epoch ms); null while the server does not send it. */
  deadline: number | null;
}

export interface Softphone {
  socket: Socket | null;
  state: AgentStateEvent | null;
  /** When the page learnt of the current state (wall time): time in state counts from here. */
  stateSeenAt: number;
  offer: RingingOffer | null;
  call: ActiveCall | null;
  /** The call the work order and the disposition are for: the connected one, then the one wrapping up; null after wrap-up. */
  lastCallSid: string | null;
  /** On hold (保持) since (wall time), or null. */
  heldSince: number | null;
  wrapUp: WrapUp | null;
  pop: ScreenPopView | null;
  error: string;
  setError(text: string): void;
  /** Sends a gateway command; true when it was acknowledged ok (else the error is shown). */
  command(event: string, body: unknown): Promise<boolean>;
  /** The same, resolving the whole ack (a dial's carries the call's CallSid). */
  commandAck(event: string, body: unknown): Promise<Ack & Record<string, unknown>>;
  setHeld(since: number | null): void;
  /** Raised after wrap-up ends: pages that list the agent's calls reload. */
  wrapUpsDone: number;
}

export function useSoftphone(): Softphone {
  const [state, setState] = useState<AgentStateEvent | null>(null);
  const [stateSeenAt, setStateSeenAt] = useState(Date.now());
  const [offer, setOffer] = useState<RingingOffer | null>(null);
  const [call, setCall] = useState<ActiveCall | null>(null);
  const [lastCallSid, setLastCallSid] = useState<string | null>(null);
  const [heldSince, setHeld] = useState<number | null>(null);
  const [wrapUp, setWrapUp] = useState<WrapUp | null>(null);
  const [pop, setPop] = useState<ScreenPopView | null>(null);
  const [error, setError] = useState('');
  const [wrapUpsDone, setWrapUpsDone] = useState(0);
  // The listeners read these as they are now (they are registered once).
  const latest = useRef({ lastCallSid, offer, state });
  latest.current = { lastCallSid, offer, state };

  /** The caller's history (GET /customers/by-phone): earlier calls count abandoned ones too. */
  const loadPop = useCallback((phone: string, callSid: string) => {
    setPop({ phone, callSid, history: null });
    api<PopHistory>('GET', `/customers/by-phone/${encodeURIComponent(phone)}`)
      .then((history) => setPop((p) => (p?.callSid === callSid ? { phone, callSid, history } : p)))
      .catch((e: Error) => setPop((p) => (p?.callSid === callSid ? { phone, callSid, history: null, error: e.message } : p)));
  }, []);

  const newState = (s: AgentStateEvent) => {
    if (s.state !== latest.current.state?.state || s.reason !== latest.current.state?.reason) setStateSeenAt(Date.now());
    setState(s);
  };

  const socket = useSocket({
    error: (e: { command: string; message: string; code: string }) => {
      setError(errorText(e, e.command));
      // A refused token is useSocket's to check (the own password change's fresh token is no sign-out).
      if (e.command === 'connection' && e.code !== 'unauthorized') app.onSignedOut();
    },
    snapshot: (snap: SnapshotEvent) => {
      newState(snap.state);
      setOffer(
        snap.offer
          ? { ...snap.offer, receivedAt: Date.now() - Math.max(0, snap.offer.ringSeconds * 1000 - (Date.parse(snap.offer.ringDeadline) - Date.now())) }
          : null,
      );
      if (snap.call) {
        setCall({ ...snap.call, since: Date.now() });
        setLastCallSid(snap.call.callSid);
        loadPop(snap.call.from, snap.call.callSid);
      }
      if (snap.state.state === 'wrap-up') setWrapUp((w) => w ?? { callSid: snap.call?.callSid ?? null, startedAt: Date.now(), deadline: null });
    },
    state: (s: AgentStateEvent) => {
      newState(s);
      if (s.state !== 'reserved') setOffer(null);
    },
    offer: (o: OfferEvent) => {
      setOffer({ ...o, receivedAt: Date.now() });
      loadPop(o.from, o.callSid);
    },
    'offer-cancelled': (o: { callSid: string }) => setOffer((current) => (current?.callSid === o.callSid ? null : current)),
    'call-connected': (c: CallEvent) => {
      setOffer(null);
      setCall({ ...c, since: Date.now() });
      setLastCallSid(c.callSid);
      setPop((p) => (p?.callSid === c.callSid ? p : null));
      if (latest.current.offer?.callSid !== c.callSid) loadPop(c.from, c.callSid); // a call this agent placed: no offer popped it
    },
    'call-ended': () => {
      setCall(null);
      setHeld(null);
    },
    // Pushed when the call connects and again after a work order is created from it.
    'screen-pop': (p: PopHistory & { callSid: string; phone: string }) => {
      const { lastCallSid: last, offer: ringing } = latest.current;
      if (p.callSid === last || p.callSid === ringing?.callSid) setPop({ phone: p.phone, callSid: p.callSid, history: p });
    },
    // Once the server says when it ends wrap-up by itself (`wrapUpSeconds` from now, or a `deadline`), the page
    // counts down to it; until then it counts up. Seconds are preferred: they need no agreement of clocks.
    'wrap-up-started': (w: { callSid: string | null; wrapUpSeconds?: number | null; deadline?: string | null }) => {
      const startedAt = Date.now();
      const deadline = w.wrapUpSeconds ? startedAt + w.wrapUpSeconds * 1000 : w.deadline ? Date.parse(w.deadline) : null;
      setWrapUp({ callSid: w.callSid, startedAt, deadline });
    },
    // A clean slate after wrap-up: the last caller's pop and form go, so nothing is filed against them.
    'wrap-up-ended': () => {
      setLastCallSid(null);
      setPop(null);
      setWrapUp(null);
      setWrapUpsDone((n) => n + 1);
    },
  });

  /** Sends a command; resolves its ack (`ok` false and the error shown when refused). */
  const commandAck = useCallback(
    async (event: string, body: unknown): Promise<Ack & Record<string, unknown>> => {
      if (!socket) return { ok: false };
      setError('');
      const ack: Ack & Record<string, unknown> = await socket
        .timeout(8000)
        .emitWithAck(event, body)
        .catch((e: Error) => ({ ok: false, error: { message: e.message } }));
      if (!ack.ok) setError(errorText(ack.error, event)); // by its code when the gateway sends one
      return ack;
    },
    [socket],
  );
  const command = useCallback(async (event: string, body: unknown): Promise<boolean> => (await commandAck(event, body)).ok, [commandAck]);

  // socket.io's own events are not among onAny's.
  useEffect(() => {
    const failed = (e: Error) => setError(e.message);
    socket?.on('connect_error', failed);
    return () => void socket?.off('connect_error', failed);
  }, [socket]);

  // Signing out (退出) tells the server first, so the agent is offline at once (not after the reconnect grace).
  useEffect(() => {
    if (!socket) return;
    const signOut = async () => {
      if (socket.connected)
        await socket
          .timeout(3000)
          .emitWithAck('sign-out', {})
          .catch(() => undefined);
    };
    app.signOutPage = signOut;
    return () => {
      if (app.signOutPage === signOut) app.signOutPage = null;
    };
  }, [socket]);

  return { socket, state, stateSeenAt, offer, call, lastCallSid, heldSince, wrapUp, pop, error, setError, command, commandAck, setHeld, wrapUpsDone };
}
