/**
 * The supervisor's wallboard (实时看板): queues and agents live over socket.io /softphone, with force-state
 * and move-to-queue per agent. Drawn into its React host (pages/wallboard/index.tsx).
 */
import { io, Socket } from 'socket.io-client';
import { api, app, type DomPage, h, t } from '../../core';
import { clock, REASONS } from '../softphone/agent-states';


interface Wallboard {
  at: string;
  queues: { code: string; name: string; waiting: number; longestWaitSeconds: number; serviceLevelSeconds: number; readyAgents: number; offered: number; answered: number; abandoned: number; serviceLevel: number | null }[];
  agents: { jobNumber: string; name: string | null; state: string; reason: string | null; since: string; callSid: string | null; answered: number; missed: number }[];
}

export function wallboardPage(view: HTMLElement): DomPage {
  let board: Wallboard | null = null;
  let receivedAt = Date.now();
  const queuesBody = h('tbody');
  const agentsBody = h('tbody');
  const message = h('div', { class: 'error', testid: 'wallboard-error' });
  const updated = h('span', { class: 'muted', testid: 'wallboard-updated' });
  view.append(
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
        h('td', { translate: 'no' }, q.name), h('td', { testid: 'waiting' }, String(q.waiting)), h('td', { class: late ? 'late' : undefined, testid: 'longest-wait' }, clock(longest)),
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
      const from = h('select', { testid: `move-from-${a.jobNumber}`, translate: 'no' }, h('option', { value: '' }, '—'), ...(board?.queues ?? []).map((q) => h('option', { value: q.code }, q.code)));
      const to = h('select', { testid: `move-to-${a.jobNumber}`, translate: 'no' }, ...(board?.queues ?? []).map((q) => h('option', { value: q.code }, q.code)));
      const move = h('button', { class: 'plain', testid: `move-apply-${a.jobNumber}` }, t('move'));
      move.onclick = async () => {
        try {
          await api('POST', `/agents/${a.jobNumber}/move`, from.value ? { fromQueue: from.value, toQueue: to.value } : { toQueue: to.value });
          message.textContent = `${a.jobNumber} → ${to.value} ✓`;
        } catch (e) {
          message.textContent = (e as Error).message;
        }
      };
      return h('tr', { testid: `wallboard-agent-${a.jobNumber}` }, h('td', {}, a.jobNumber), h('td', { translate: 'no' }, a.name ?? ''),
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
    if (e.command === 'connection') app.onSignedOut();
  });
  const timer = window.setInterval(render, 1000);
  return {
    teardown: () => {
      clearInterval(timer);
      socket.close();
    },
  };
}
