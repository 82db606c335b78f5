/**
 * Callback work list (回访): the visits by due time with masked numbers; call the customer (through
 * the hotline, ringing this user's softphone), record an unreachable attempt, or record the result
 * (satisfaction 1–5, solved or not — not solved reopens the work order on the server). And the
 * spot checks (抽查) sampled from closed orders.
 */
import type { Call } from '@twilio/voice-sdk';
import { api, h, hasRole, query, t, TextKey } from '../../core';
import { registerDevice } from '../../services/voice-device';
import { dateTime, terminalLabel } from './format';
import type { CallbackVisit, Page, SpotCheck } from './types';

const STATUS_FILTERS = ['due,in_progress', 'due', 'scheduled', 'in_progress', 'done', 'failed', 'unreachable', ''];
const UNREACHABLE = ['no_answer', 'busy', 'switched_off', 'declined', 'wrong_number'] as const;
const PAGE_SIZE = 20;

export function callbacksPage(root: HTMLElement): () => void {
  const error = h('div', { class: 'error', testid: 'callbacks-error' });
  const status = h(
    'select',
    { testid: 'callbacks-status' },
    ...STATUS_FILTERS.map((s) =>
      h(
        'option',
        { value: s },
        s
          ? s
              .split(',')
              .map((x) => t(`qCb_${x}` as TextKey))
              .join(' + ')
          : t('qAll'),
      ),
    ),
  );
  const body = h('tbody');
  const more = h('button', { class: 'plain', testid: 'callbacks-more', hidden: true }, t('qMore'));
  const spotBody = h('tbody');
  let cursor: string | null = null;

  // The visit call rings this page's Device (agent-<jobNumber>) once the customer picks up.
  const deviceStatus = h('span', { class: 'muted', testid: 'callbacks-device-status' }, t('deviceConnecting'));
  const answer = h('button', { class: 'ok', testid: 'visit-call-answer' }, t('answer'));
  const hangUp = h('button', { class: 'danger', testid: 'visit-call-hangup' }, t('hangUp'));
  const callState = h('span', { testid: 'visit-call-state' });
  const callPanel = h(
    'section',
    { class: 'card offer', testid: 'visit-call-panel', hidden: true },
    h('h2', {}, t('qVisitCall')),
    h('div', { class: 'row' }, callState, answer, hangUp),
  );
  root.append(
    callPanel,
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'row' }, h('h2', {}, t('qCallbacks')), deviceStatus, h('span', { class: 'spacer' }), h('label', {}, t('qStatus'), status)),
      error,
      h(
        'table',
        { testid: 'callbacks-table' },
        h(
          'thead',
          {},
          h('tr', {}, ...(['qWorkOrder', 'qTerminal', 'qCustomer', 'qDueAt', 'qAttempts', 'qStatus', 'qActions'] as TextKey[]).map((k) => h('th', {}, t(k)))),
        ),
        body,
      ),
      h('div', { class: 'row' }, more),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('qSpotChecks')),
      h(
        'table',
        { testid: 'spot-checks-table' },
        h('thead', {}, h('tr', {}, ...(['qDay', 'qWorkOrder', 'qTerminal', 'qCustomer', 'qStatus'] as TextKey[]).map((k) => h('th', {}, t(k))))),
        spotBody,
      ),
    ),
  );
  const fail = (e: unknown) => (error.textContent = (e as Error).message);

  function row(v: CallbackVisit): HTMLTableRowElement {
    const open = v.status === 'due' || v.status === 'scheduled' || v.status === 'in_progress';
    const call = h('button', { class: 'ok', testid: `callback-call-${v.id}`, disabled: v.status === 'in_progress' }, t('qCall'));
    const reason = h('select', { testid: `callback-reason-${v.id}` }, ...UNREACHABLE.map((r) => h('option', { value: r }, t(`qUnreachable_${r}` as TextKey))));
    const unreachable = h('button', { class: 'warn', testid: `callback-unreachable-${v.id}` }, t('qRecordUnreachable'));
    const satisfaction = h(
      'select',
      { testid: `callback-satisfaction-${v.id}` },
      ...[5, 4, 3, 2, 1].map((n) => h('option', { value: String(n) }, `${n} ${t(`qSat_${n}` as TextKey)}`)),
    );
    const solved = h(
      'select',
      { testid: `callback-solved-${v.id}` },
      h('option', { value: 'true' }, t('qSolvedYes')),
      h('option', { value: 'false' }, t('qSolvedNo')),
    );
    const comments = h('input', { testid: `callback-comments-${v.id}`, placeholder: t('qComments') });
    const save = h('button', { class: 'primary', testid: `callback-result-${v.id}` }, t('qRecordResult'));
    const act = (button: HTMLButtonElement, path: string, payload: () => unknown) => async () => {
      button.disabled = true;
      error.textContent = '';
      try {
        const updated = await api<CallbackVisit>('POST', `/quality/callbacks/${v.id}/${path}`, payload());
        tr.replaceWith(row(updated));
      } catch (e) {
        fail(e);
        button.disabled = false;
      }
    };
    call.onclick = act(call, 'call', () => ({}));
    unreachable.onclick = act(unreachable, 'unreachable', () => ({ reason: reason.value }));
    save.onclick = act(save, 'result', () => ({
      satisfaction: Number(satisfaction.value),
      solved: solved.value === 'true',
      ...(comments.value.trim() ? { comments: comments.value.trim() } : {}),
    }));
    const result = v.result
      ? h(
          'div',
          { testid: 'callback-outcome' },
          `${t('qSatisfaction')} ${v.result.satisfaction} · ${v.result.solved ? t('qSolvedYes') : t('qSolvedNo')}${v.result.comments ? ` · ${v.result.comments}` : ''}`,
        )
      : null;
    const tr = h(
      'tr',
      { testid: `callback-row-${v.id}`, class: v.result?.dissatisfied ? 'late' : undefined },
      h('td', {}, v.workOrder.number, h('div', { class: 'muted', translate: 'no' }, v.workOrder.solution ?? v.workOrder.description)),
      h(
        'td',
        {},
        terminalLabel(v.workOrder.terminal),
        v.workOrder.unit ? h('div', { class: 'muted', translate: 'no' }, `${v.workOrder.unit.code} ${v.workOrder.unit.name}`) : null,
      ),
      h('td', {}, h('span', { translate: 'no' }, v.customer.name ?? ''), ' ', h('span', { testid: 'callback-phone' }, v.customer.phone)),
      h('td', {}, dateTime(v.dueAt)),
      h('td', { testid: 'callback-attempts' }, `${v.attempts} / ${v.maxAttempts}`),
      h('td', { testid: 'callback-status' }, t(`qCb_${v.status}` as TextKey)),
      h(
        'td',
        {},
        open ? h('div', {}, h('div', { class: 'row' }, call, reason, unreachable), h('div', { class: 'row' }, satisfaction, solved, comments, save)) : result,
      ),
    );
    return tr;
  }

  async function loadPage(reset: boolean): Promise<void> {
    if (reset) {
      cursor = null;
      body.replaceChildren();
    }
    try {
      const page = await api<Page<CallbackVisit>>('GET', `/quality/callbacks${query({ status: status.value, limit: PAGE_SIZE, cursor })}`);
      body.append(...page.items.map(row));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      root.dataset.loaded = 'true';
    } catch (e) {
      fail(e);
    }
  }
  status.onchange = () => void loadPage(true);
  more.onclick = () => void loadPage(false);
  void loadPage(true);
  api<Page<SpotCheck>>('GET', '/quality/spot-checks?limit=50').then(
    (page) =>
      spotBody.replaceChildren(
        ...page.items.map((s) =>
          h(
            'tr',
            { testid: `spot-check-row-${s.id}` },
            h('td', {}, s.day),
            h('td', {}, s.workOrder.number),
            h('td', {}, terminalLabel(s.terminal)),
            h('td', {}, h('span', { translate: 'no' }, s.customer.name ?? ''), ' ', s.customer.phone),
            h('td', {}, t(`qSpot_${s.status}` as TextKey)),
          ),
        ),
      ),
    fail,
  );

  let visitCall: Call | null = null;
  const showCall = () => {
    callPanel.hidden = !visitCall;
    const open = visitCall?.status() === 'open';
    callState.textContent = open ? t('onCall') : t('incoming');
    answer.hidden = open;
  };
  answer.onclick = () => visitCall?.accept();
  hangUp.onclick = () => (visitCall?.status() === 'open' ? visitCall.disconnect() : visitCall?.reject());
  // The softphone token is for agents and quality monitors (GET /telephony/token): a supervisor records results without calling.
  if (!hasRole('agent', 'quality')) {
    deviceStatus.textContent = t('deviceNotForRole');
    return () => {};
  }
  return registerDevice(deviceStatus, (incoming: Call) => {
    visitCall = incoming;
    const clear = () => {
      if (visitCall === incoming) visitCall = null;
      showCall();
      void loadPage(true);
    };
    incoming.on('accept', showCall);
    incoming.on('cancel', clear);
    incoming.on('reject', clear);
    incoming.on('disconnect', clear);
    showCall();
  });
}
