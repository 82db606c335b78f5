/** Agent KPIs by job number (工号): per month with the grade (优/良/中/差), per day below, and the CSV for piece-rate pay (计件工资). */
import { api, download, h, query, t, TextKey } from '../../core';
import { num, pct } from './format';
import type { AgentKpiResponse, KpiFigures } from './types';

const COLUMNS: [TextKey, string, (k: KpiFigures) => string][] = [
  ['qOffered', 'offered', (k) => num(k.offered)],
  ['qAnswered', 'answered', (k) => num(k.answered)],
  ['qWithinRingsPct', 'within-rings-pct', (k) => pct(k.answeredWithinRingsPct)],
  ['qMissed', 'missed', (k) => num(k.missed)],
  ['qAsa', 'asa', (k) => num(k.avgSpeedOfAnswerSeconds)],
  ['qAht', 'aht', (k) => num(k.avgHandleSeconds)],
  ['qNotReadySeconds', 'not-ready', (k) => num(k.notReadySeconds)],
  ['qWoCreated', 'wo-created', (k) => num(k.workOrdersCreated)],
  ['qWoClosed', 'wo-closed', (k) => num(k.workOrdersClosed)],
  ['qSlaKeptPct', 'sla-kept-pct', (k) => pct(k.slaKeptPct)],
  ['qQaScore', 'qa-score', (k) => pct(k.qaScorePct)],
  ['qSatisfaction', 'satisfaction', (k) => num(k.avgSatisfaction)],
];

const firstOfMonth = () => `${new Date().toISOString().slice(0, 8)}01`;

export function kpisPage(root: HTMLElement): () => void {
  const error = h('div', { class: 'error', testid: 'kpi-error' });
  const from = h('input', { type: 'date', testid: 'kpi-from', value: firstOfMonth() });
  const to = h('input', { type: 'date', testid: 'kpi-to', value: new Date().toISOString().slice(0, 10) });
  const job = h('input', { testid: 'kpi-job-number', placeholder: '1003', size: '8' });
  const load = h('button', { class: 'primary', testid: 'kpi-load' }, t('qShow'));
  const csv = h('button', { class: 'plain', testid: 'kpi-download-csv' }, t('qDownloadCsv'));
  const rule = h('div', { class: 'muted', testid: 'kpi-grade-rule' });
  const monthsBody = h('tbody', { testid: 'kpi-months' });
  const daysBody = h('tbody', { testid: 'kpi-days' });
  const head = (first: TextKey[]) => h('thead', {}, h('tr', {}, ...[...first, ...COLUMNS.map(([k]) => k)].map((k) => h('th', {}, t(k)))));

  root.append(
    h('section', { class: 'card' }, h('h2', {}, t('qKpis')),
      h('div', { class: 'row' }, h('label', {}, t('qFrom'), from), h('label', {}, t('qTo'), to), h('label', {}, t('jobNumber'), job), load, h('span', { class: 'spacer' }), csv), error, rule),
    h('section', { class: 'card' }, h('h2', {}, t('qByMonth')), h('table', { testid: 'kpi-table' }, head(['jobNumber', 'name', 'qMonth', 'qGrade']), monthsBody)),
    h('section', { class: 'card' }, h('details', {}, h('summary', {}, t('qByDay')), h('table', {}, head(['jobNumber', 'name', 'qDay']), daysBody))),
  );
  const params = () => query({ from: from.value, to: to.value, jobNumber: job.value.trim() });
  const cells = (k: KpiFigures) => COLUMNS.map(([, id, text]) => h('td', { testid: id }, text(k)));

  load.onclick = async () => {
    load.disabled = true;
    error.textContent = '';
    try {
      const r = await api<AgentKpiResponse>('GET', `/quality/agent-kpis${params()}`);
      rule.textContent = `${r.from} – ${r.to} · ${t('qGrade')}: ${r.gradeRule}`;
      monthsBody.replaceChildren(...r.months.map((m) => h('tr', { testid: `kpi-row-${m.jobNumber}-${m.month}` },
        h('td', {}, m.jobNumber), h('td', { translate: 'no' }, m.name ?? ''), h('td', {}, m.month), h('td', { testid: 'grade', class: `grade grade-${m.grade ?? 'none'}` }, m.grade ?? '—'), ...cells(m))));
      daysBody.replaceChildren(...r.days.map((d) => h('tr', { testid: `kpi-day-${d.jobNumber}-${d.date}` }, h('td', {}, d.jobNumber), h('td', { translate: 'no' }, d.name ?? ''), h('td', {}, d.date), ...cells(d))));
      root.dataset.loaded = 'true';
    } catch (e) {
      error.textContent = (e as Error).message;
    } finally {
      load.disabled = false;
    }
  };
  csv.onclick = async () => {
    csv.disabled = true;
    try {
      await download(`/quality/agent-kpis.csv${params()}`, 'agent-kpis.csv');
    } catch (e) {
      error.textContent = (e as Error).message;
    } finally {
      csv.disabled = false;
    }
  };
  return () => {};
}
