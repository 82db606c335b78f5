/**
 * Hotline's agent softphone and supervisor wallboard: plain TypeScript, no framework, bundled by
 * esbuild (web/build.mjs). Talks to the REST API with the bearer token from /auth/login and to
 * socket.io /softphone for live events. Audio/call control goes through the Voice SDK's Device
 * (`@twilio/voice-sdk`, or the sandbox's Device with the same API in sandbox mode — see registerDevice in core.ts).
 */
import type { Call } from '@twilio/voice-sdk';
import { io, Socket } from 'socket.io-client';
import { CALL_DISPOSITIONS } from '../../src/telephony/call-dispositions';
import { api, app, h, registerDevice, relabel, setSession, t, tx } from './core';
import { I18N } from './i18n';
import { isQualityRoute, qualityPage } from './quality/quality-pages';

// ── session and language

let teardown: (() => void) | null = null;
/** Set by a page that takes the language switch in place (the softphone: its call, Device and socket stay). */
let relabelPage: (() => void) | null = null;
/** Set by the softphone: tells the server the agent signs out (offline at once) before the page lets go. */
let signOutPage: (() => Promise<void>) | null = null;

const view = document.getElementById('view')!;
const langButton = document.getElementById('lang') as HTMLButtonElement;
const logoutButton = document.getElementById('logout') as HTMLButtonElement;

langButton.onclick = () => {
  app.lang = app.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('lang', app.lang);
  if (!relabelPage) return route();
  // Never rebuild the softphone for a language: that would drop its Device and socket, and the call with them.
  header();
  relabel();
  relabelPage();
};
logoutButton.onclick = async () => {
  logoutButton.disabled = true;
  await signOutPage?.();
  logoutButton.disabled = false;
  setSession(null);
  location.hash = '#/login';
  route();
};
app.onSignedOut = () => route();

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (seconds: number) => `${pad(Math.floor(seconds / 60))}:${pad(Math.floor(seconds % 60))}`;

// ── routing between pages

/** The bar above every page: language, who is signed in, sign-out. */
function header(): void {
  const session = app.session;
  document.documentElement.lang = app.lang === 'zh' ? 'zh-CN' : 'en';
  langButton.textContent = app.lang === 'zh' ? 'English' : '中文';
  logoutButton.textContent = t('logout');
  logoutButton.hidden = !session;
  document.getElementById('who')!.textContent = session ? `${session.name} · ${t('jobNumber')} ${session.jobNumber}` : '';
}

function route(): void {
  teardown?.();
  teardown = null;
  relabelPage = null;
  signOutPage = null;
  view.replaceChildren();
  header();
  const session = app.session;
  const isSupervisor = !!session?.roles.some((r) => r === 'supervisor' || r === 'admin');
  const isMonitor = isSupervisor || !!session?.roles.includes('quality');
  if (!session) return loginPage();
  if (isQualityRoute(location.hash) && isMonitor) {
    teardown = qualityPage(view, location.hash);
    return;
  }
  if (location.hash === '#/wallboard' && isSupervisor) return wallboardPage();
  if (session.roles.includes('agent') && location.hash !== '#/wallboard') return softphonePage();
  if (isSupervisor) {
    location.hash = '#/wallboard';
    return wallboardPage();
  }
  if (isMonitor) {
    location.hash = '#/quality/dashboard';
    return;
  }
  view.append(h('div', { class: 'card' }, t('noPage')));
}
window.addEventListener('hashchange', route);

// ── sign-in

function loginPage(): void {
  const job = h('input', { testid: 'login-job-number', autocomplete: 'username', inputmode: 'numeric', required: true });
  const password = h('input', { testid: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('div', { class: 'error', testid: 'login-error' });
  const submit = h('button', { class: 'primary', type: 'submit', testid: 'login-submit' }, t('signIn'));
  const form = h('form', { class: 'card login' }, h('h2', {}, t('signInTitle')), h('label', {}, t('jobNumber'), job), h('label', {}, t('password'), password), error, h('div', { class: 'row' }, submit));
  form.onsubmit = async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      const result = await api<{ accessToken: string; jobNumber: string; name: string; roles: string[] }>('POST', '/auth/login', { jobNumber: job.value.trim(), password: password.value });
      setSession({ token: result.accessToken, jobNumber: result.jobNumber, name: result.name, roles: result.roles });
      location.hash = result.roles.includes('agent') ? '#/softphone' : result.roles.includes('quality') ? '#/quality/dashboard' : '#/wallboard';
      route();
    } catch (e) {
      error.textContent = `${t('loginFailed')}: ${(e as Error).message}`;
      submit.disabled = false;
    }
  };
  view.append(form);
  job.focus();
}

// ── softphone

interface StateEvent { jobNumber: string; state: string; reason: string | null; since: string; counters: { offered: number; answered: number; missed: number; averageHandleSeconds: number | null } }
interface OfferEvent { callSid: string; from: string; queue: string; priority: number; waitedSeconds: number; ringDeadline: string; ringSeconds: number; ringCadenceSeconds: number }
interface CallEvent { callSid: string; from: string; queue: string | null; connectedAt: string | null }
interface Ack { ok: boolean; error?: { message: string } }

const REASONS = ['break', 'meal', 'training', 'meeting', 'other'] as const;


function softphonePage(): void {
  const me = app.session!;
  let state: StateEvent | null = null;
  let offer: (OfferEvent & { receivedAt: number }) | null = null;
  let call: (CallEvent & { since: number }) | null = null;
  let lastCallSid: string | null = null;
  let deviceCall: Call | null = null;
  /** On hold (保持): the caller hears music; resuming rings this page's Device again, which answers by itself. */
  let held = false;
  let resuming = false;
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
  const offerCard = h('section', { class: 'card offer', testid: 'offer-panel', hidden: true }, h('h2', {}, tx('incoming')), offerCaller, offerInfo, countdown, h('div', { class: 'row' }, answer, decline));

  // Call card
  const callCaller = h('div', { class: 'caller', testid: 'call-caller' });
  const callTimer = h('span', { class: 'timer', testid: 'call-timer' });
  // Transfer (转接): to a queue, or — picked here instead — to a named colleague (ready ones first).
  const transferQueue = h('select', { testid: 'transfer-queue' });
  const transferAgent = h('select', { testid: 'transfer-agent' }, h('option', { value: '' }, tx('transferToQueue')));
  const transfer = h('button', { class: 'plain', testid: 'call-transfer' }, tx('transfer'));
  const hangup = h('button', { class: 'danger', testid: 'call-hangup' }, tx('hangUp'));
  const hold = h('button', { class: 'plain', testid: 'call-hold' }, tx('hold'));
  const callCard = h('section', { class: 'card', testid: 'call-panel', hidden: true }, h('h2', {}, tx('onCall')), callCaller, h('div', { class: 'row' }, callTimer), h('div', { class: 'row' }, hangup, hold, transferQueue, transferAgent, transfer));

  // Wrap-up card
  const wrapDone = h('button', { class: 'primary', testid: 'wrapup-done' }, tx('wrapUpDone'));
  const disposition = h('select', { testid: 'wrapup-disposition' }, ...CALL_DISPOSITIONS.map((d) => h('option', { value: d }, tx(`disp_${d}` as never))));
  const dispositionNote = h('input', { testid: 'wrapup-note', maxlength: '500', placeholder: t('dispositionNote') });
  const wrapCard = h('section', { class: 'card', testid: 'wrapup-panel', hidden: true }, h('h2', {}, tx('wrapUp')),
    h('div', { class: 'row' }, h('label', {}, tx('disposition'), disposition), h('label', {}, tx('dispositionNote'), dispositionNote)), h('div', { class: 'row' }, wrapDone));

  // Screen pop and work order
  const pop = h('section', { class: 'card', testid: 'screen-pop', hidden: true });
  const woType = h('select', { testid: 'wo-type' }, ...['complaint', 'inquiry', 'service_request'].map((v) => h('option', { value: v }, tx(`type_${v}` as never))));
  const woCategory = h('select', { testid: 'wo-category' }); // the managed cause list (投诉原因), loaded below
  const woTerminal = h('select', { testid: 'wo-terminal' }, ...['logistics', 'dispatch', 'store', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'].map((v) => h('option', { value: v }, tx(`term_${v}` as never))));
  const woDescription = h('textarea', { testid: 'wo-description', rows: '3' });
  const woCreate = h('button', { class: 'primary', testid: 'wo-create' }, tx('createWorkOrder'));
  const woResult = h('div', { testid: 'wo-result' });
  const woCard = h('section', { class: 'card', testid: 'wo-panel', hidden: true }, h('h2', {}, tx('workOrder')),
    h('div', { class: 'row' }, h('label', {}, tx('woType'), woType), h('label', {}, tx('woCategory'), woCategory), h('label', {}, tx('woTerminal'), woTerminal)),
    h('label', {}, tx('woDescription'), woDescription), h('div', { class: 'row' }, woCreate), woResult);

  view.append(
    h('section', { class: 'card' }, h('div', { class: 'row' }, stateText, h('span', { class: 'spacer' }), deviceStatus),
      h('div', { class: 'row' }, ready, reason, notReady), counters, message),
    offerCard, callCard, wrapCard, h('div', { class: 'grid' }, pop, woCard),
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
    callCard.hidden = !call || s !== 'on-call';
    if (call) callCaller.textContent = call.from;
    hold.textContent = held ? t('resume') : t('hold');
    hold.dataset.testid = held ? 'call-resume' : 'call-hold';
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
  }
  timers.push(window.setInterval(tick, 250));

  async function screenPop(phone: string): Promise<void> {
    pop.hidden = false;
    pop.replaceChildren(h('h2', {}, t('screenPop')), h('div', { class: 'muted' }, t('loading')));
    try {
      const history = await api<{ customer: { name: string | null; vip: boolean; memberNumber: string | null } | null; openWorkOrders: number; workOrders: { number: string; status: string; category: string; description: string; closedAt: string | null }[]; calls: unknown[] }>('GET', `/customers/by-phone/${encodeURIComponent(phone)}`);
      const orders = [...history.workOrders].sort((a, b) => Number(!!a.closedAt) - Number(!!b.closedAt));
      pop.replaceChildren(
        h('h2', {}, t('screenPop')),
        h('div', { testid: 'pop-customer' }, history.customer?.name ?? t('newCaller'), ' ', phone,
          history.customer?.vip ? h('span', { class: 'tag vip' }, 'VIP') : null,
          history.openWorkOrders > 0 ? h('span', { class: 'tag repeat' }, `${t('repeat')} · ${history.openWorkOrders} ${t('open')}`) : null),
        h('div', { class: 'muted' }, `${t('previousCalls')}: ${history.calls.length}`),
        orders.length
          ? h('ul', { class: 'history', testid: 'pop-orders' }, ...orders.map((o) => h('li', {}, `${o.number} · ${o.status} · ${o.category} — ${o.description}`)))
          : h('div', { class: 'muted' }, t('noOrders')),
      );
    } catch (e) {
      pop.replaceChildren(h('h2', {}, t('screenPop')), h('div', { class: 'error' }, (e as Error).message));
    }
  }

  // socket.io
  const socket: Socket = io('/softphone', { auth: { token: me.token }, transports: ['websocket'] });
  /** Sends a gateway command; true when it was acknowledged ok (else the error is shown). */
  const command = async (event: string, body: unknown): Promise<boolean> => {
    message.textContent = '';
    const ack: Ack = await socket.timeout(8000).emitWithAck(event, body).catch((e: Error) => ({ ok: false, error: { message: e.message } }));
    if (!ack.ok) show(ack.error?.message ?? 'failed');
    return ack.ok;
  };
  socket.on('error', (e: { command: string; message: string; code: string }) => {
    show(`${e.command}: ${e.message}`);
    if (e.command === 'connection') logoutButton.click();
  });
  socket.on('snapshot', (snap: { state: StateEvent; offer: OfferEvent | null; call: CallEvent | null }) => {
    state = snap.state;
    offer = snap.offer ? { ...snap.offer, receivedAt: Date.now() - Math.max(0, snap.offer.ringSeconds * 1000 - (Date.parse(snap.offer.ringDeadline) - Date.now())) } : null;
    if (snap.call) {
      call = { ...snap.call, since: snap.call.connectedAt ? Date.now() : Date.now() };
      lastCallSid = snap.call.callSid;
      void loadTransferAgents();
      void screenPop(snap.call.from);
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
    void screenPop(o.from);
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
  socket.on('wrap-up-started', () => render());
  socket.on('wrap-up-ended', () => render());
  socket.on('connect_error', (e: Error) => show(e.message));

  ready.onclick = () => void command('set-state', { state: 'ready' });
  notReady.onclick = () => void command('set-state', { state: 'not-ready', reason: reason.value });
  // The disposition (小结) is recorded on the call before wrap-up ends.
  wrapDone.onclick = async () => {
    if (lastCallSid && !(await command('disposition', { callSid: lastCallSid, code: disposition.value, ...(dispositionNote.value.trim() ? { note: dispositionNote.value.trim() } : {}) }))) return;
    dispositionNote.value = '';
    await command('wrap-up-done', {});
  };
  hold.onclick = async () => {
    if (!call) return;
    if (!held) {
      held = await command('hold', { callSid: call.callSid });
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
    if (transferAgent.value) void command('transfer', { callSid: call.callSid, agent: transferAgent.value }).then((ok) => {
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
        channel: 'hotline', type: woType.value, category: woCategory.value, terminal: woTerminal.value,
        customerPhone: phone || callCaller.textContent, description: woDescription.value.trim() || t('woDefaultDescription'), callSid: lastCallSid,
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
  void api<{ code: string; name: string }[]>('GET', '/queues').then((queues) => transferQueue.replaceChildren(...queues.map((q) => h('option', { value: q.code }, q.name)))).catch(show);

  // The Voice SDK Device rings in this page as agent-<jobNumber> — in one tab of the agent's only: the tab
  // holding the Web Lock registers it, the others show the offers (their sockets get them) and take over
  // when that tab closes. (Without Web Locks — plain http off localhost — every tab registers.)
  const onIncoming = (incoming: Call) => {
    deviceCall = incoming;
    if (resuming) {
      resuming = false;
      incoming.accept(); // the leg back from hold: no second offer to answer
    }
    const clear = () => {
      if (deviceCall === incoming) deviceCall = null;
      render();
    };
    incoming.on('cancel', clear);
    incoming.on('reject', clear);
    incoming.on('disconnect', clear);
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
  signOutPage = async () => {
    if (socket.connected) await socket.timeout(3000).emitWithAck('sign-out', {}).catch(() => undefined);
  };
  relabelPage = () => {
    for (const key of ['deviceConnecting', 'deviceReady', 'deviceOffline', 'deviceOtherTab'] as const) {
      if (deviceStatus.textContent === I18N[app.lang === 'zh' ? 'en' : 'zh'][key]) deviceStatus.textContent = t(key);
    }
    dispositionNote.placeholder = t('dispositionNote');
    causeOptions();
    if (call) void loadTransferAgents();
    const phone = call?.from ?? offer?.from;
    if (phone) void screenPop(phone);
    render();
    tick();
  };
  teardown = () => {
    for (const id of timers) clearInterval(id); // clears the timeout above too (one id space)
    socket.close();
    gone = true;
    deviceLock.abort();
    destroyDevice();
    releaseDevice();
  };
}

// ── wallboard

interface Wallboard {
  at: string;
  queues: { code: string; name: string; waiting: number; longestWaitSeconds: number; serviceLevelSeconds: number; readyAgents: number; offered: number; answered: number; abandoned: number; serviceLevel: number | null }[];
  agents: { jobNumber: string; name: string | null; state: string; reason: string | null; since: string; callSid: string | null; answered: number; missed: number }[];
}

function wallboardPage(): void {
  let board: Wallboard | null = null;
  let receivedAt = Date.now();
  const queuesBody = h('tbody');
  const agentsBody = h('tbody');
  const message = h('div', { class: 'error', testid: 'wallboard-error' });
  const updated = h('span', { class: 'muted', testid: 'wallboard-updated' });
  view.append(
    h('nav', { class: 'tabs' }, h('a', { href: '#/wallboard', class: 'active' }, t('wallboard')), h('a', { href: '#/quality/dashboard', testid: 'nav-quality' }, t('qualityPages'))),
    h('section', { class: 'card', testid: 'wallboard' }, h('div', { class: 'row' }, h('h2', {}, t('queues')), h('span', { class: 'spacer' }), updated),
      h('table', {}, h('thead', {}, h('tr', {}, ...['queue', 'waiting', 'longestWait', 'readyAgents', 'offered', 'answered', 'abandoned', 'serviceLevel'].map((k) => h('th', {}, t(k as never))))), queuesBody)),
    h('section', { class: 'card' }, h('h2', {}, t('agents')), message,
      h('table', {}, h('thead', {}, h('tr', {}, ...['jobNumber', 'name', 'state', 'since', 'answered', 'missed', 'forceState', 'moveAgent'].map((k) => h('th', {}, t(k as never))))), agentsBody)),
  );

  const render = () => {
    if (!board) return;
    const drift = (Date.now() - receivedAt) / 1000;
    queuesBody.replaceChildren(...board.queues.map((q) => {
      const longest = q.waiting ? Math.round(q.longestWaitSeconds + drift) : 0;
      const late = q.waiting > 0 && longest > q.serviceLevelSeconds;
      return h('tr', { testid: `wallboard-queue-${q.code}`, class: late ? 'late' : undefined },
        h('td', {}, q.name), h('td', { testid: 'waiting' }, String(q.waiting)), h('td', { class: late ? 'late' : undefined, testid: 'longest-wait' }, clock(longest)),
        h('td', {}, String(q.readyAgents)), h('td', { testid: 'offered' }, String(q.offered)), h('td', { testid: 'answered' }, String(q.answered)), h('td', {}, String(q.abandoned)),
        h('td', { testid: 'service-level' }, q.serviceLevel === null ? '—' : `${Math.round(q.serviceLevel * 100)}%`));
    }));
  };
  const renderAgents = () => {
    if (!board) return;
    agentsBody.replaceChildren(...board.agents.map((a) => {
      const force = h('select', { testid: `force-state-${a.jobNumber}` }, h('option', { value: 'ready' }, t('state_ready')), ...REASONS.map((r) => h('option', { value: `not-ready:${r}` }, `${t('state_not-ready')} · ${t(`reason_${r}` as never)}`)), h('option', { value: 'offline' }, t('state_offline')));
      const apply = h('button', { class: 'plain', testid: `force-apply-${a.jobNumber}` }, t('apply'));
      apply.onclick = async () => {
        const [state, reason] = force.value.split(':');
        try {
          await api('PUT', `/agents/${a.jobNumber}/state`, reason ? { state, reason } : { state });
        } catch (e) {
          message.textContent = (e as Error).message;
        }
      };
      const from = h('select', { testid: `move-from-${a.jobNumber}` }, h('option', { value: '' }, '—'), ...(board?.queues ?? []).map((q) => h('option', { value: q.code }, q.code)));
      const to = h('select', { testid: `move-to-${a.jobNumber}` }, ...(board?.queues ?? []).map((q) => h('option', { value: q.code }, q.code)));
      const move = h('button', { class: 'plain', testid: `move-apply-${a.jobNumber}` }, t('move'));
      move.onclick = async () => {
        try {
          await api('POST', `/agents/${a.jobNumber}/move`, from.value ? { fromQueue: from.value, toQueue: to.value } : { toQueue: to.value });
          message.textContent = `${a.jobNumber} → ${to.value} ✓`;
        } catch (e) {
          message.textContent = (e as Error).message;
        }
      };
      return h('tr', { testid: `wallboard-agent-${a.jobNumber}` }, h('td', {}, a.jobNumber), h('td', {}, a.name ?? ''),
        h('td', { class: `state-${a.state}`, testid: 'agent-state' }, `${t(`state_${a.state}` as never) || a.state}${a.reason ? ` · ${t(`reason_${a.reason}` as never) || a.reason}` : ''}`),
        h('td', {}, new Date(a.since).toLocaleTimeString()), h('td', {}, String(a.answered)), h('td', {}, String(a.missed)),
        h('td', {}, h('div', { class: 'row' }, force, apply)), h('td', {}, h('div', { class: 'row' }, from, to, move)));
    }));
  };

  const socket: Socket = io('/softphone', { auth: { token: app.session!.token }, transports: ['websocket'] });
  let agentsKey = '';
  socket.on('wallboard', (b: Wallboard) => {
    board = b;
    receivedAt = Date.now();
    updated.textContent = `${t('updated')} ${new Date().toLocaleTimeString()}`;
    render();
    // Redraw agent rows only when they change, so a supervisor's open select is not reset.
    const key = JSON.stringify(b.agents) + b.queues.map((q) => q.code).join();
    if (key !== agentsKey) {
      agentsKey = key;
      renderAgents();
    }
  });
  socket.on('error', (e: { message: string; command: string }) => {
    message.textContent = e.message;
    if (e.command === 'connection') logoutButton.click();
  });
  const timer = window.setInterval(render, 1000);
  teardown = () => {
    clearInterval(timer);
    socket.close();
  };
}

route();
