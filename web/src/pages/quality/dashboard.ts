/** Quality dashboard (服务监管看板): complaints by terminal per day, top units and causes, open alerts, capacity warnings — live alerts over /softphone. */
import type { Chart } from 'chart.js';
import { io, Socket } from 'socket.io-client';
import { api, app, h, query, t, TextKey } from '../../core';
import { barChart, TERMINAL_COLOURS } from './charts';
import { addDays, change, dateTime, num, pct } from './format';
import type { QualityAlert, QualityDashboard, UnitDayCapacity } from './types';

/** How far ahead the capacity table looks, from the day after the dashboard's last day (today). */
const CAPACITY_DAYS = 7;

export const terminalLabel = (terminal: string): string => t(`term_${terminal}` as TextKey);
export const causeLabel = (c: { labelZh: string; labelEn: string }): string => (app.lang === 'zh' ? c.labelZh : c.labelEn);

export function dashboardPage(root: HTMLElement): () => void {
  const charts: Chart[] = [];
  let alerts: QualityAlert[] = [];
  let capacity: UnitDayCapacity[] = [];
  let capacityDays: string[] = [];

  const days = h('select', { testid: 'dashboard-days' }, ...[7, 14, 30, 60, 90].map((d) => h('option', { value: String(d), selected: d === 30 }, `${d} ${t('qDays')}`)));
  const to = h('input', { type: 'date', testid: 'dashboard-to' });
  const load = h('button', { class: 'primary', testid: 'dashboard-load' }, t('qShow'));
  const error = h('div', { class: 'error', testid: 'dashboard-error' });
  const period = h('span', { class: 'muted', testid: 'dashboard-period' });
  const totals = h('div', { class: 'counters', testid: 'dashboard-totals' });
  const chart = h('canvas', { testid: 'dashboard-chart' });
  const causesChart = h('canvas', { testid: 'dashboard-causes-chart' });
  const terminalsBody = h('tbody');
  const unitsBody = h('tbody');
  const causesBody = h('tbody');
  const alertsBox = h('div', { testid: 'dashboard-alerts' });
  const capacityAlertsBox = h('div', { testid: 'dashboard-capacity-alerts' });
  const capacityTable = h('table', { testid: 'dashboard-capacity' });

  const head = (...keys: TextKey[]) => h('thead', {}, h('tr', {}, ...keys.map((k) => h('th', {}, t(k)))));
  root.append(
    h('section', { class: 'card' }, h('div', { class: 'row' }, h('h2', {}, t('qDashboard')), h('span', { class: 'spacer' }), period),
      h('div', { class: 'row' }, h('label', {}, t('qDaysShown'), days), h('label', {}, t('qLastDay'), to), load), error, totals),
    h('section', { class: 'card' }, h('h2', {}, t('qComplaintsByTerminal')), h('div', { class: 'chart' }, chart)),
    h('section', { class: 'card' }, h('h2', {}, t('qTerminals')),
      h('table', {}, head('qTerminal', 'qComplaints', 'qPreviousPeriod', 'qPreviousWeek', 'qClosed', 'qAvgResolutionHours', 'qSlaKeptPct', 'qReopenRatePct', 'qSatisfaction'), terminalsBody)),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, t('qTopUnits')), h('table', {}, head('qTerminal', 'qUnit', 'qComplaints', 'qPreviousPeriod', 'qRatePer1000'), unitsBody)),
      h('section', { class: 'card' }, h('h2', {}, t('qTopCauses')), h('div', { class: 'chart small' }, causesChart), h('table', {}, head('qCause', 'qComplaints', 'qShare'), causesBody))),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, t('qOpenAlerts')), alertsBox),
      h('section', { class: 'card' }, h('h2', {}, t('qCapacityWarnings')), capacityAlertsBox, capacityTable)),
  );

  const fail = (e: unknown) => (error.textContent = (e as Error).message);

  function renderDashboard(d: QualityDashboard): void {
    for (const c of charts.splice(0)) c.destroy();
    period.textContent = `${d.from} – ${d.to}`;
    totals.replaceChildren(
      ...([['qComplaints', 'complaints', num(d.totals.complaints)], ['qClosed', 'closed', num(d.totals.closed)], ['qSlaKeptPct', 'sla-kept-pct', pct(d.totals.slaKeptPct)],
        ['qReopenRatePct', 'reopen-rate-pct', pct(d.totals.reopenRatePct)], ['qSatisfaction', 'satisfaction', num(d.totals.satisfactionAvg)], ['qClaimsPaid', 'claims-paid', num(d.totals.claimsPaid)]] as [TextKey, string, string][])
        .map(([label, id, value]) => h('div', {}, h('b', { testid: `dashboard-total-${id}` }, value), t(label))),
    );
    // Terminals with a complaint in the window, each a stack of the day's bar.
    const shown = d.terminals.map((x) => x.terminal).filter((x) => d.series[x]?.some((n) => n > 0));
    charts.push(barChart(chart, d.dates.map((x) => x.slice(5)), shown.map((x) => ({ key: x, label: terminalLabel(x), data: d.series[x], colour: TERMINAL_COLOURS[x] })),
      { stacked: true, title: t('qComplaintsByTerminal') }));
    terminalsBody.replaceChildren(...d.terminals.map((x) => h('tr', { testid: `dashboard-terminal-${x.terminal}` },
      h('td', {}, terminalLabel(x.terminal)), h('td', { testid: 'complaints' }, num(x.complaints)), h('td', { testid: 'previous-period' }, change(x.change.previousPeriod)),
      h('td', { testid: 'previous-week' }, change(x.change.previousWeek)), h('td', { testid: 'closed' }, num(x.closed)), h('td', { testid: 'avg-resolution-hours' }, num(x.avgResolutionHours)),
      h('td', { testid: 'sla-kept-pct' }, pct(x.slaKeptPct)), h('td', { testid: 'reopen-rate-pct' }, pct(x.reopenRatePct)), h('td', { testid: 'satisfaction' }, num(x.satisfactionAvg)))));
    unitsBody.replaceChildren(...d.topUnits.map((u) => h('tr', { testid: `dashboard-unit-${u.terminal}-${u.code ?? 'none'}` },
      h('td', {}, terminalLabel(u.terminal)), u.code ? h('td', { translate: 'no' }, `${u.code} ${u.name}`) : h('td', {}, t('qNoUnit')), h('td', { testid: 'complaints' }, num(u.complaints)),
      h('td', { testid: 'previous-period' }, change(u.change.previousPeriod)), h('td', { testid: 'rate-per-1000' }, num(u.ratePer1000)))));
    causesBody.replaceChildren(...d.topCauses.map((c) => h('tr', { testid: `dashboard-cause-${c.cause}` },
      h('td', {}, causeLabel(c)), h('td', { testid: 'complaints' }, num(c.complaints)), h('td', { testid: 'share' }, pct(c.share)))));
    charts.push(barChart(causesChart, d.topCauses.map(causeLabel), [{ key: 'complaints', label: t('qComplaints'), data: d.topCauses.map((c) => c.complaints) }],
      { horizontal: true, title: t('qTopCauses') }));
  }

  function alertRow(a: QualityAlert): HTMLElement {
    const ack = h('button', { class: 'plain', testid: `alert-ack-${a.id}` }, t('qAcknowledge'));
    ack.onclick = async () => {
      ack.disabled = true;
      try {
        await api('POST', `/quality/alerts/${a.id}/acknowledge`, {});
        alerts = alerts.filter((x) => x.id !== a.id);
        renderAlerts();
      } catch (e) {
        fail(e);
        ack.disabled = false;
      }
    };
    return h('div', { class: `alert level-${a.level}`, testid: `alert-${a.id}` },
      h('span', { class: 'tag' }, t(`qLevel_${a.level}` as TextKey)), ' ', h('span', { testid: 'alert-message' }, a.message), ' ',
      h('span', { class: 'muted' }, dateTime(a.raisedAt)), ' ', ack);
  }

  function renderAlerts(): void {
    const hotSpots = alerts.filter((a) => a.type !== 'capacity');
    const warnings = alerts.filter((a) => a.type === 'capacity');
    alertsBox.replaceChildren(...(hotSpots.length ? hotSpots.map(alertRow) : [h('div', { class: 'muted' }, t('qNoAlerts'))]));
    capacityAlertsBox.replaceChildren(...(warnings.length ? warnings.map(alertRow) : [h('div', { class: 'muted' }, t('qNoAlerts'))]));
    renderCapacity();
  }

  /** Bookings against capacity per delivery unit and coming day; a cell with an open capacity warning is marked. */
  function renderCapacity(): void {
    const warned = new Set(alerts.filter((a) => a.type === 'capacity').map((a) => `${a.unitId}/${a.figures.day}`));
    const units = [...new Map(capacity.map((c) => [c.unitId, c])).values()];
    const cell = (c: UnitDayCapacity | undefined) => {
      if (!c) return h('td', {}, '');
      const load = c.capacity && c.bookedDeliveries !== null ? Math.round((100 * c.bookedDeliveries) / c.capacity) : null;
      const over = load !== null && load > 100;
      return h('td', { testid: `capacity-${c.unitCode}-${c.date}`, class: over ? 'late' : warned.has(`${c.unitId}/${c.date}`) ? 'warn' : undefined },
        `${num(c.bookedDeliveries)} / ${num(c.capacity)}`, load === null ? '' : h('span', { class: 'muted' }, ` ${load}%`));
    };
    capacityTable.replaceChildren(
      h('thead', {}, h('tr', {}, h('th', {}, t('qUnit')), ...capacityDays.map((d) => h('th', {}, d.slice(5))))),
      h('tbody', {}, ...units.map((u) => h('tr', {}, h('td', { translate: 'no' }, `${u.unitCode} ${u.unitName}`), ...capacityDays.map((d) => cell(capacity.find((c) => c.unitId === u.unitId && c.date === d)))))),
    );
  }

  async function refresh(): Promise<void> {
    error.textContent = '';
    load.disabled = true;
    try {
      const d = await api<QualityDashboard>('GET', `/quality/dashboard${query({ days: days.value, to: to.value })}`);
      renderDashboard(d);
      capacityDays = Array.from({ length: CAPACITY_DAYS }, (_, i) => addDays(d.to, i + 1));
      [alerts, capacity] = await Promise.all([
        api<QualityAlert[]>('GET', '/quality/alerts?status=open'),
        api<UnitDayCapacity[]>('GET', `/quality/capacity${query({ from: capacityDays[0], to: capacityDays[capacityDays.length - 1] })}`),
      ]);
      renderAlerts();
      root.dataset.loaded = 'true';
    } catch (e) {
      fail(e);
    } finally {
      load.disabled = false;
    }
  }
  load.onclick = () => void refresh();

  // New and escalated alerts arrive live (quality-alert on /softphone, to supervisors and quality monitors).
  const socket: Socket = io('/softphone', { auth: { token: app.session!.token }, transports: ['websocket'] });
  socket.on('quality-alert', (a: QualityAlert) => {
    alerts = [a, ...alerts.filter((x) => x.id !== a.id)];
    renderAlerts();
  });
  void refresh();
  return () => {
    socket.close();
    for (const c of charts) c.destroy();
  };
}
