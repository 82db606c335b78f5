/**
 * The agent's softphone (软电话): state, the offer with its rings, the call (hold, transfer, hang up),
 * wrap-up with its disposition, the screen pop and a work order from the call. Drawn into its React host
 * (pages/softphone/index.tsx), which keeps it — Device, socket and call — across a language switch and
 * calls `relabel` instead. Talks to the REST API with the bearer token and to socket.io /softphone;
 * audio and call control go through the Voice SDK's Device (see registerDevice in core.ts).
 */
import type { Call } from '@twilio/voice-sdk';
import { io, Socket } from 'socket.io-client';
import { CALL_DISPOSITIONS } from '../../../../src/telephony/call-dispositions';
import { api, app, type DomPage, h, t, tx } from '../../core';
import { registerDevice } from '../../services/voice-device';
import { LOCALES } from '../../locales';
import { errorText } from '../../services/errors';
import { clock, REASONS } from './agent-states';

// ── softphone

interface StateEvent {
  jobNumber: string;
  state: string;
  reason: string | null;
  since: string;
  counters: { offered: number; answered: number; missed: number; averageHandleSeconds: number | null };
}
interface OfferEvent {
  callSid: string;
  from: string;
  queue: string;
  priority: number;
  waitedSeconds: number;
  ringDeadline: string;
  ringSeconds: number;
  ringCadenceSeconds: number;
}
interface CallEvent {
  callSid: string;
  from: string;
  queue: string | null;
  connectedAt: string | null;
}
interface Ack {
  ok: boolean;
  error?: { message: string; code?: string; params?: Record<string, string | number> };
}
interface PopHistory {
  customer: { name: string | null; vip: boolean; memberNumber: string | null } | null;
  openWorkOrders: number;
  workOrders: { number: string; status: string; category: string; description: string; closedAt: string | null }[];
  previousCalls: { callSid: string; arrivedAt: string; outcome: string | null }[];
}

export function softphonePage(view: HTMLElement): DomPage {
  const me = app.session!;
  let state: StateEvent | null = null;
  let offer: (OfferEvent & { receivedAt: number }) | null = null;
  let call: (CallEvent & { since: number }) | null = null;
  let lastCallSid: string | null = null;
  let deviceCall: Call | null = null;
  /** On hold (保持): the caller hears music; resuming rings this page's Device again, which answers by itself. */
  let held = false;
  let heldSince = 0;
  let resuming = false;
  /** A call this agent placed (外呼): its leg rings this page when the customer answers, and is taken at once. */
  let dialing = false;
  /** That call, once the Device took it, and the number it went to: the call card shows it (the routing engine has no call). */
  let ownCall: Call | null = null;
  let ownCallTo = '';
  const timers: number[] = [];

  // State card
  const stateText = h('span', { class: 'state', testid: 'agent-state' });
  const reason = h('select', { testid: 'not-ready-reason' }, ...REASONS.map((r) => h('option', { value: r }, tx(`reason_${r}` as never))));
  const ready = h('button', { class: 'ok', testid: 'state-ready' }, tx('ready'));
  const notReady = h('button', { class: 'warn', testid: 'state-not-ready' }, tx('notReady'));
  const counters = h('div', { class: 'counters', testid: 'counters' });
  const message = h('div', { class: 'error', testid: 'softphone-error' });
  const deviceStatus = h('span', { class: 'muted', testid: 'device-status' }, tx('deviceConnecting'));

  // Offer card
  const offerCaller = h('div', { class: 'caller', testid: 'offer-caller' });
  const offerInfo = h('div', { class: 'muted', testid: 'offer-info' });
  const countdown = h('div', { class: 'countdown', testid: 'offer-countdown' });
  const answer = h('button', { class: 'ok', testid: 'call-answer' }, tx('answer'));
  const decline = h('button', { class: 'danger', testid: 'call-decline' }, tx('decline'));
  const offerCard = h(
    'section',
    { class: 'card offer', testid: 'offer-panel', hidden: true },
    h('h2', {}, tx('incoming')),
    offerCaller,
    offerInfo,
    countdown,
    h('div', { class: 'row' }, answer, decline),
  );

  // Call card
  const callCaller = h('div', { class: 'caller', testid: 'call-caller' });
  const callTimer = h('span', { class: 'timer', testid: 'call-timer' });
  // Transfer (转接): to a queue, or — picked here instead — to a named colleague (ready ones first).
  const transferQueue = h('select', { testid: 'transfer-queue', translate: 'no' });
  const transferAgent = h('select', { testid: 'transfer-agent' }, h('option', { value: '' }, tx('transferToQueue')));
  const transfer = h('button', { class: 'plain', testid: 'call-transfer' }, tx('transfer'));
  const hangup = h('button', { class: 'danger', testid: 'call-hangup' }, tx('hangUp'));
  const hold = h('button', { class: 'plain', testid: 'call-hold' }, tx('hold'));
  const holdIndicator = h('span', { class: 'tag', testid: 'hold-indicator', style: 'display: none' });
  const mute = h('button', { class: 'plain', testid: 'call-mute' }, tx('mute'));
  // DTMF to the far end (an IVR of a store or manufacturer) through the Device's call.
  const keypad = h(
    'div',
    { class: 'row keypad', testid: 'call-keypad' },
    ...'123456789*0#'.split('').map((d) => {
      const key = h('button', { class: 'plain', testid: `key-${d === '*' ? 'star' : d === '#' ? 'hash' : d}` }, d);
      key.onclick = () => deviceCall?.sendDigits(d);
      return key;
    }),
  );
  const callCard = h(
    'section',
    { class: 'card', testid: 'call-panel', hidden: true },
    h('h2', {}, tx('onCall')),
    callCaller,
    h('div', { class: 'row' }, callTimer, holdIndicator),
    h('div', { class: 'row' }, hangup, hold, mute, transferQueue, transferAgent, transfer),
    keypad,
  );

  // Dial (外呼): a number, from the hotline number; this page's Device is rung when the customer answers.
  const dialInput = h('input', { testid: 'dial-input', placeholder: t('dialPlaceholder'), maxlength: '32' });
  const dialCall = h('button', { class: 'primary', testid: 'dial-call' }, tx('dial'));
  const dialStatus = h('span', { class: 'muted', testid: 'dial-status' });
  const dialCard = h('section', { class: 'card', testid: 'dial-panel' }, h('div', { class: 'row' }, dialInput, dialCall, dialStatus));
  // Key names are not words to translate (translate="no"); what each does is.
  const shortcuts = h(
    'div',
    { class: 'muted', testid: 'shortcuts' },
    tx('shortcuts'),
    ...(['answer', 'hangUp', 'hold', 'mute'] as const).flatMap((action, i) => [' ', h('kbd', { translate: 'no' }, `Alt+${'AHOM'[i]}`), ' ', tx(action)]),
  );

  // The agent's own calls (GET /calls gives an agent theirs only), newest first, searchable by number.
  const myCallsSearch = h('input', { testid: 'my-calls-search', placeholder: t('searchNumber'), maxlength: '32' });
  const myCallsList = h('ul', { class: 'history', testid: 'my-calls-list' });
  const myCallsCard = h('section', { class: 'card', testid: 'my-calls' }, h('h2', {}, tx('myCalls')), myCallsSearch, myCallsList);
  let myCalls: { callSid: string; direction: string; from: string; to: string; arrivedAt: string; outcome: string | null; queue: string | null }[] = [];
  const drawMyCalls = () => {
    const q = myCallsSearch.value.replace(/\D/g, '');
    myCallsList.replaceChildren(
      ...myCalls
        .map((c) => ({ c, number: c.direction === 'inbound' ? c.from : c.to }))
        .filter(({ number }) => !q || number.replace(/\D/g, '').includes(q))
        .map(({ c, number }) => h('li', { testid: 'my-call' }, `${new Date(c.arrivedAt).toLocaleString()} · ${number} · ${c.outcome ?? '—'}`)),
    );
  };
  const loadMyCalls = () =>
    api<{ items: typeof myCalls }>('GET', '/calls?limit=20')
      .then((page) => ((myCalls = page.items), drawMyCalls()))
      .catch(() => undefined);
  myCallsSearch.oninput = drawMyCalls;
  void loadMyCalls();

  // Wrap-up card
  const wrapDone = h('button', { class: 'primary', testid: 'wrapup-done' }, tx('wrapUpDone'));
  const disposition = h('select', { testid: 'wrapup-disposition' }, ...CALL_DISPOSITIONS.map((d) => h('option', { value: d }, tx(`disp_${d}` as never))));
  const dispositionNote = h('input', { testid: 'wrapup-note', maxlength: '500', placeholder: t('dispositionNote') });
  const wrapCard = h(
    'section',
    { class: 'card', testid: 'wrapup-panel', hidden: true },
    h('h2', {}, tx('wrapUp')),
    h('div', { class: 'row' }, h('label', {}, tx('disposition'), disposition), h('label', {}, tx('dispositionNote'), dispositionNote)),
    h('div', { class: 'row' }, wrapDone),
  );

  // Screen pop and work order
  const pop = h('section', { class: 'card', testid: 'screen-pop', hidden: true });
  const woType = h(
    'select',
    { testid: 'wo-type' },
    ...['complaint', 'inquiry', 'service_request'].map((v) => h('option', { value: v }, tx(`type_${v}` as never))),
  );
  const woCategory = h('select', { testid: 'wo-category' }); // the managed cause list (投诉原因), loaded below
  const woTerminal = h(
    'select',
    { testid: 'wo-terminal' },
    ...['logistics', 'dispatch', 'store', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'].map((v) =>
      h('option', { value: v }, tx(`term_${v}` as never)),
    ),
  );
  const woDescription = h('textarea', { testid: 'wo-description', rows: '3' });
  const woCreate = h('button', { class: 'primary', testid: 'wo-create' }, tx('createWorkOrder'));
  const woResult = h('div', { testid: 'wo-result' });
  const woCard = h(
    'section',
    { class: 'card', testid: 'wo-panel', hidden: true },
    h('h2', {}, tx('workOrder')),
    h(
      'div',
      { class: 'row' },
      h('label', {}, tx('woType'), woType),
      h('label', {}, tx('woCategory'), woCategory),
      h('label', {}, tx('woTerminal'), woTerminal),
    ),
    h('label', {}, tx('woDescription'), woDescription),
    h('div', { class: 'row' }, woCreate),
    woResult,
  );

  view.append(
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'row' }, stateText, h('span', { class: 'spacer' }), deviceStatus),
      h('div', { class: 'row' }, ready, reason, notReady),
      counters,
      message,
      shortcuts,
    ),
    offerCard,
    callCard,
    dialCard,
    wrapCard,
    h('div', { class: 'grid' }, pop, woCard),
    myCallsCard,
  );

  const show = (e: unknown) => (message.textContent = e instanceof Error ? e.message : String(e));

  function render(): void {
    const s = state?.state ?? 'offline';
    stateText.className = `state state-${s}`;
    stateText.textContent = `${t(`state_${s}` as never) || s}${state?.reason ? ` · ${t(`reason_${state.reason}` as never) || state.reason}` : ''}`;
    ready.disabled = s === 'ready' || s === 'reserved' || s === 'on-call';
    notReady.disabled = s === 'not-ready' || s === 'on-call';
    const c = state?.counters;
    counters.replaceChildren(
      h('div', {}, h('b', { testid: 'count-answered' }, String(c?.answered ?? 0)), t('answered')),
      h('div', {}, h('b', { testid: 'count-missed' }, String(c?.missed ?? 0)), t('missed')),
      h('div', {}, h('b', { testid: 'count-aht' }, c?.averageHandleSeconds == null ? '—' : clock(c.averageHandleSeconds)), t('aht')),
    );
    offerCard.hidden = !offer;
    if (offer) {
      offerCaller.textContent = offer.from;
      offerInfo.textContent = `${t('queue')}: ${offer.queue} · ${t('priority')}: ${offer.priority} · ${t('waited')}: ${offer.waitedSeconds}s`;
    }
    const own = !!ownCall && !call;
    callCard.hidden = !own && (!call || s !== 'on-call');
    if (call) callCaller.textContent = call.from;
    else if (own) callCaller.textContent = ownCallTo;
    // Hold and transfer move a call the routing engine holds; the agent's own call out has only the Device's controls.
    for (const control of [hold, transferQueue, transferAgent, transfer]) control.hidden = own;
    hold.textContent = held ? t('resume') : t('hold');
    hold.dataset.testid = held ? 'call-resume' : 'call-hold';
    holdIndicator.style.display = held ? '' : 'none'; // .tag's display would override [hidden]
    mute.textContent = deviceCall?.isMuted() ? t('unmute') : t('mute');
    mute.disabled = !deviceCall;
    dialCall.disabled = s === 'ready' || s === 'reserved' || s === 'on-call';
    ringing(!!offer);
    wrapCard.hidden = s !== 'wrap-up';
    woCard.hidden = !lastCallSid;
    answer.disabled = !deviceCall;
  }

  function tick(): void {
    if (offer) {
      const now = Date.now();
      const elapsed = (now - offer.receivedAt) / 1000;
      const ring = Math.min(3, Math.floor(elapsed / offer.ringCadenceSeconds) + 1);
      const left = Math.max(0, Math.ceil(offer.ringSeconds - elapsed));
      countdown.textContent = `${t('ring').replace('{n}', String(ring))} · ${t('secondsLeft').replace('{s}', String(left))}`;
    }
    if (call) callTimer.textContent = clock((Date.now() - call.since) / 1000);
    if (held) holdIndicator.textContent = `${t('onHold')} ${clock((Date.now() - heldSince) / 1000)}`;
  }

  // An offer rings audibly (WebAudio: China's 450 Hz, 1 s on, 4 s off — no audio file), notifies the
  // desktop and flashes the tab's title until it is answered, declined or withdrawn.
  let ringAudio: { ctx: AudioContext; stop: () => void } | null = null;
  let flash = 0;
  const title = document.title;
  function ringing(on: boolean): void {
    if (on && !ringAudio && typeof AudioContext !== 'undefined') {
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
      ringAudio = { ctx, stop: () => (window.clearInterval(every), tone.stop(), void ctx.close()) };
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && offer)
        new Notification(t('newOffer'), { body: offer.from, tag: offer.callSid });
      flash = window.setInterval(() => (document.title = document.title === title ? `☎ ${t('newOffer')}` : title), 700);
    } else if (!on && ringAudio) {
      ringAudio.stop();
      ringAudio = null;
      window.clearInterval(flash);
      document.title = title;
    }
  }
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  timers.push(window.setInterval(tick, 250));

  /** The caller's history: earlier calls count abandoned ones too (previousCalls), never the call itself. */
  function drawPop(phone: string, callSid: string, history: PopHistory): void {
    pop.hidden = false;
    const orders = [...history.workOrders].sort((a, b) => Number(!!a.closedAt) - Number(!!b.closedAt));
    const earlier = history.previousCalls.filter((c) => c.callSid !== callSid);
    pop.replaceChildren(
      h('h2', {}, t('screenPop')),
      h(
        'div',
        { testid: 'pop-customer' },
        history.customer?.name ? h('span', { translate: 'no' }, history.customer.name) : t('newCaller'),
        ' ',
        phone,
        history.customer?.vip ? h('span', { class: 'tag vip' }, 'VIP') : null,
        history.openWorkOrders > 0 ? h('span', { class: 'tag repeat' }, `${t('repeat')} · ${history.openWorkOrders} ${t('open')}`) : null,
      ),
      h('div', { class: 'muted', testid: 'pop-previous-calls' }, `${t('previousCalls')}: ${earlier.length}`),
      orders.length
        ? h('ul', { class: 'history', testid: 'pop-orders' }, ...orders.map((o) => h('li', {}, `${o.number} · ${o.status} · ${o.category} — ${o.description}`)))
        : h('div', { class: 'muted' }, t('noOrders')),
    );
  }

  async function screenPop(phone: string, callSid: string): Promise<void> {
    pop.hidden = false;
    pop.replaceChildren(h('h2', {}, t('screenPop')), h('div', { class: 'muted' }, t('loading')));
    try {
      drawPop(phone, callSid, await api<PopHistory>('GET', `/customers/by-phone/${encodeURIComponent(phone)}`));
    } catch (e) {
      pop.replaceChildren(h('h2', {}, t('screenPop')), h('div', { class: 'error' }, (e as Error).message));
    }
  }

  // socket.io
  const socket: Socket = io('/softphone', { auth: { token: me.token }, transports: ['websocket'] });
  /** Sends a gateway command; true when it was acknowledged ok (else the error is shown). */
  const command = async (event: string, body: unknown): Promise<boolean> => {
    message.textContent = '';
    const ack: Ack = await socket
      .timeout(8000)
      .emitWithAck(event, body)
      .catch((e: Error) => ({ ok: false, error: { message: e.message } }));
    if (!ack.ok) show(errorText(ack.error, event)); // by its code when the gateway sends one
    return ack.ok;
  };
  socket.on('error', (e: { command: string; message: string; code: string }) => {
    show(errorText(e, e.command));
    if (e.command === 'connection') app.onSignedOut();
  });
  socket.on('snapshot', (snap: { state: StateEvent; offer: OfferEvent | null; call: CallEvent | null }) => {
    state = snap.state;
    offer = snap.offer
      ? { ...snap.offer, receivedAt: Date.now() - Math.max(0, snap.offer.ringSeconds * 1000 - (Date.parse(snap.offer.ringDeadline) - Date.now())) }
      : null;
    if (snap.call) {
      call = { ...snap.call, since: snap.call.connectedAt ? Date.now() : Date.now() };
      lastCallSid = snap.call.callSid;
      void loadTransferAgents();
      void screenPop(snap.call.from, snap.call.callSid);
    }
    render();
  });
  socket.on('state', (s: StateEvent) => {
    state = s;
    if (s.state !== 'reserved') offer = null;
    render();
  });
  socket.on('offer', (o: OfferEvent) => {
    offer = { ...o, receivedAt: Date.now() };
    showSoftphone(); // the agent is on another page (the desk): the ringing call comes to the front
    void screenPop(o.from, o.callSid);
    render();
    tick();
  });
  socket.on('offer-cancelled', (o: { callSid: string }) => {
    if (offer?.callSid === o.callSid) offer = null;
    render();
  });
  socket.on('call-connected', (c: CallEvent) => {
    offer = null;
    call = { ...c, since: Date.now() };
    lastCallSid = c.callSid;
    void loadTransferAgents();
    woResult.textContent = '';
    render();
  });
  socket.on('call-ended', () => {
    call = null;
    held = false;
    render();
  });
  // Pushed when the call connects and again after a work order is created from it.
  socket.on('screen-pop', (p: PopHistory & { callSid: string; phone: string }) => {
    if (p.callSid === lastCallSid || p.callSid === offer?.callSid) drawPop(p.phone, p.callSid, p);
  });
  socket.on('wrap-up-started', () => render());
  // A clean slate after wrap-up: the last caller's pop and form go, so nothing is filed against them.
  socket.on('wrap-up-ended', () => {
    lastCallSid = null;
    pop.hidden = true;
    pop.replaceChildren();
    woDescription.value = '';
    woResult.replaceChildren();
    dispositionNote.value = '';
    void loadMyCalls();
    render();
  });
  socket.on('connect_error', (e: Error) => show(e.message));

  ready.onclick = () => void command('set-state', { state: 'ready' });
  notReady.onclick = () => void command('set-state', { state: 'not-ready', reason: reason.value });
  // The disposition (小结) is recorded on the call before wrap-up ends.
  wrapDone.onclick = async () => {
    if (
      lastCallSid &&
      !(await command('disposition', {
        callSid: lastCallSid,
        code: disposition.value,
        ...(dispositionNote.value.trim() ? { note: dispositionNote.value.trim() } : {}),
      }))
    )
      return;
    dispositionNote.value = '';
    await command('wrap-up-done', {});
  };
  mute.onclick = () => {
    if (deviceCall) deviceCall.mute(!deviceCall.isMuted());
    render();
  };
  /** Brings this page to the front (it stays signed in behind the others: app.tsx). */
  const showSoftphone = () => {
    if (location.hash !== '#/softphone') location.hash = '#/softphone';
  };
  app.expectOwnCall = (to: string) => {
    dialing = true;
    ownCallTo = to;
    dialStatus.textContent = `${t('dialPlaced')} ${to}`;
    return () => {
      dialing = false;
      dialStatus.textContent = '';
    };
  };
  dialCall.onclick = async () => {
    const to = dialInput.value.trim();
    if (!to) return;
    dialing = true;
    ownCallTo = to;
    const ack = await socket
      .timeout(8000)
      .emitWithAck('dial', { to })
      .catch((e: Error) => ({ ok: false, error: { message: e.message } }));
    if (!ack.ok) {
      dialing = false;
      show(ack.error?.message ?? 'failed');
      return;
    }
    dialStatus.textContent = `${t('dialPlaced')} ${to}`;
  };
  // Keyboard shortcuts (shown on the page): Alt+A answer, Alt+H hang up, Alt+O hold/resume, Alt+M mute.
  const onKey = (e: KeyboardEvent) => {
    if (!e.altKey) return;
    const button = { a: answer, h: hangup, o: hold, m: mute }[e.key.toLowerCase()];
    if (!button || button.disabled) return;
    e.preventDefault();
    button.click();
  };
  window.addEventListener('keydown', onKey);
  hold.onclick = async () => {
    if (!call) return;
    if (!held) {
      held = await command('hold', { callSid: call.callSid });
      heldSince = Date.now();
    } else {
      resuming = true;
      held = !(await command('resume', { callSid: call.callSid }));
      if (held) resuming = false;
    }
    render();
  };
  answer.onclick = () => {
    if (deviceCall) deviceCall.accept();
  };
  decline.onclick = () => {
    // The Device's reject is what Twilio sees (DialCallStatus=busy); without a Device the gateway declines.
    if (deviceCall) deviceCall.reject();
    else if (offer) void command('decline', { callSid: offer.callSid });
  };
  hangup.onclick = () => {
    if (deviceCall && deviceCall.status() === 'open') deviceCall.disconnect();
    else if (call) void command('hang-up', { callSid: call.callSid });
  };
  transfer.onclick = () => {
    if (!call) return;
    if (transferAgent.value)
      void command('transfer', { callSid: call.callSid, agent: transferAgent.value }).then((ok) => {
        if (!ok) void loadTransferAgents(); // refused (e.g. they signed out): show the states as they are now
      });
    else if (transferQueue.value) void command('transfer', { callSid: call.callSid, queue: transferQueue.value });
  };
  transferAgent.onchange = () => (transferQueue.disabled = transferAgent.value !== '');
  /** Colleagues who can take a transfer now (signed in), ready ones first, with their state. */
  const loadTransferAgents = () =>
    api<{ jobNumber: string; name: string; state: string }[]>('GET', '/agents')
      .then((agents) => {
        const rank = (state: string) => (state === 'ready' ? 0 : 1);
        const others = agents.filter((a) => a.jobNumber !== app.session?.jobNumber && a.state !== 'offline').sort((a, b) => rank(a.state) - rank(b.state));
        const picked = transferAgent.value;
        transferAgent.replaceChildren(
          h('option', { value: '' }, t('transferToQueue')),
          ...others.map((a) => h('option', { value: a.jobNumber }, `${a.jobNumber} ${a.name} · ${t(`state_${a.state}` as never) || a.state}`)),
        );
        transferAgent.value = others.some((a) => a.jobNumber === picked) ? picked : '';
        transferQueue.disabled = transferAgent.value !== '';
      })
      .catch(show);
  woCreate.onclick = async () => {
    if (!lastCallSid) return;
    woCreate.disabled = true;
    try {
      const phone = call?.from ?? offerCaller.textContent ?? '';
      const order = await api<{ number: string }>('POST', '/work-orders', {
        channel: 'hotline',
        type: woType.value,
        category: woCategory.value,
        terminal: woTerminal.value,
        customerPhone: phone || callCaller.textContent,
        description: woDescription.value.trim() || t('woDefaultDescription'),
        callSid: lastCallSid,
      });
      woResult.replaceChildren(h('span', { testid: 'wo-number' }, `${t('woCreated')}: ${order.number}`));
    } catch (e) {
      woResult.replaceChildren(h('span', { class: 'error' }, (e as Error).message));
    } finally {
      woCreate.disabled = false;
    }
  };

  let causes: { code: string; labelZh: string; labelEn: string }[] = [];
  const causeOptions = () => {
    const picked = woCategory.value;
    woCategory.replaceChildren(...causes.map((c) => h('option', { value: c.code }, app.lang === 'en' ? c.labelEn : c.labelZh)));
    if (picked) woCategory.value = picked;
  };
  void api<typeof causes>('GET', '/quality/causes')
    .then((list) => {
      causes = list;
      causeOptions();
    })
    .catch(show);
  void api<{ code: string; name: string }[]>('GET', '/queues')
    .then((queues) => transferQueue.replaceChildren(...queues.map((q) => h('option', { value: q.code }, q.name))))
    .catch(show);

  // The Voice SDK Device rings in this page as agent-<jobNumber> — in one tab of the agent's only: the tab
  // holding the Web Lock registers it, the others show the offers (their sockets get them) and take over
  // when that tab closes. (Without Web Locks — plain http off localhost — every tab registers.)
  const onIncoming = (incoming: Call) => {
    deviceCall = incoming;
    if (resuming || dialing) {
      if (dialing) ownCall = incoming;
      resuming = false;
      dialing = false;
      incoming.accept(); // the leg back from hold, or the call this agent placed: no offer to answer
    }
    const clear = () => {
      if (deviceCall === incoming) deviceCall = null;
      if (ownCall === incoming) ownCall = null;
      render();
    };
    incoming.on('cancel', clear);
    incoming.on('reject', clear);
    incoming.on('disconnect', clear);
    incoming.on('accept', render);
    render();
  };
  let destroyDevice = () => {};
  let releaseDevice = () => {};
  let gone = false;
  const deviceLock = new AbortController();
  if (navigator.locks) {
    let holding = false;
    timers.push(window.setTimeout(() => holding || (deviceStatus.textContent = t('deviceOtherTab')), 500));
    navigator.locks
      .request(`hotline-device-${me.jobNumber}`, { signal: deviceLock.signal }, () => {
        if (gone) return; // the page went before the lock came: let it go at once
        holding = true;
        deviceStatus.textContent = t('deviceConnecting');
        destroyDevice = registerDevice(deviceStatus, onIncoming);
        return new Promise<void>((release) => (releaseDevice = release));
      })
      .catch(() => undefined); // aborted by the teardown while waiting
  } else destroyDevice = registerDevice(deviceStatus, onIncoming);

  render();
  const signOut = async () => {
    if (socket.connected)
      await socket
        .timeout(3000)
        .emitWithAck('sign-out', {})
        .catch(() => undefined);
  };
  const relabelPage = () => {
    for (const key of ['deviceConnecting', 'deviceReady', 'deviceOffline', 'deviceOtherTab'] as const) {
      if (deviceStatus.textContent === LOCALES[app.lang === 'zh' ? 'en' : 'zh'].texts[key]) deviceStatus.textContent = t(key);
    }
    dispositionNote.placeholder = t('dispositionNote');
    causeOptions();
    if (call) void loadTransferAgents();
    const phone = call?.from ?? offer?.from;
    const popCall = call?.callSid ?? offer?.callSid;
    if (phone && popCall) void screenPop(phone, popCall);
    dialInput.placeholder = t('dialPlaceholder');
    myCallsSearch.placeholder = t('searchNumber');
    drawMyCalls();
    render();
    tick();
  };
  const teardown = () => {
    app.expectOwnCall = null;
    for (const id of timers) clearInterval(id); // clears the timeout above too (one id space)
    window.removeEventListener('keydown', onKey);
    ringing(false);
    socket.close();
    gone = true;
    deviceLock.abort();
    destroyDevice();
    releaseDevice();
  };
  return { teardown, relabel: relabelPage, signOut };
}
