/**
 * Scorecard form (质检评分): pick a form and a subject (a call's CallSid or a work order's number),
 * score each item (critical-fail items marked), see the total as the server will compute it — the
 * same pure function, src/quality/scorecards/scorecard-scoring.ts — and submit. Below: recent
 * evaluations and calibration (校准) of subjects scored by two or more monitors.
 */
import { scoreEvaluation, scoreProblems } from '../../../../src/quality/scorecards/scorecard-scoring';
import { api, h, query, t, TextKey } from '../../core';
import { dateTime, num, pct } from './format';
import type { CalibrationSession, CalibrationView, Evaluation, ScorecardFormDetail, ScorecardFormView } from './types';

export function scorecardsPage(root: HTMLElement): () => void {
  const error = h('div', { class: 'error', testid: 'scorecard-error' });
  const formSelect = h('select', { testid: 'scorecard-form', translate: 'no' });
  const subjectType = h('select', { testid: 'scorecard-subject-type' });
  const subject = h('input', { testid: 'scorecard-subject', placeholder: 'WO20261122-000123 / CA…' });
  const itemsBox = h('div', { testid: 'scorecard-items' });
  const total = h('b', { testid: 'scorecard-total' }, '—');
  const totalNote = h('span', { class: 'muted', testid: 'scorecard-total-note' });
  const comment = h('textarea', { testid: 'scorecard-comment', rows: '2' });
  const submit = h('button', { class: 'primary', testid: 'scorecard-submit', disabled: true }, t('qSubmitEvaluation'));
  const result = h('div', { testid: 'scorecard-result' });
  const evaluationsBody = h('tbody');
  const sessionsBody = h('tbody');
  const calibrationBox = h('div', { testid: 'calibration-view' });
  let form: ScorecardFormDetail | null = null;
  let inputs: { code: string; points: HTMLInputElement; comment: HTMLInputElement }[] = [];

  root.append(
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('qScorecard')),
      error,
      h(
        'div',
        { class: 'row' },
        h('label', {}, t('qForm'), formSelect),
        h('label', {}, t('qSubjectType'), subjectType),
        h('label', {}, t('qSubject'), subject),
      ),
      itemsBox,
      h('div', { class: 'row total' }, t('qTotalScore'), ' ', total, ' ', totalNote),
      h('label', {}, t('qComments'), comment),
      h('div', { class: 'row' }, submit),
      result,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('qEvaluations')),
      h(
        'table',
        { testid: 'evaluations-table' },
        h('thead', {}, h('tr', {}, ...(['qEvaluatedAt', 'qForm', 'qSubject', 'qAgent', 'qMonitor', 'qTotalScore'] as TextKey[]).map((k) => h('th', {}, t(k))))),
        evaluationsBody,
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('qCalibration')),
      h(
        'table',
        { testid: 'calibration-sessions' },
        h(
          'thead',
          {},
          h('tr', {}, ...(['qSubject', 'qAgent', 'qMonitors', 'qMean', 'qSpread', 'qVariance', 'qActions'] as TextKey[]).map((k) => h('th', {}, t(k)))),
        ),
        sessionsBody,
      ),
      calibrationBox,
    ),
  );
  const fail = (e: unknown) => (error.textContent = (e as Error).message);

  const scores = () =>
    inputs
      .filter((i) => i.points.value !== '')
      .map((i) => ({ item: i.code, points: Number(i.points.value), ...(i.comment.value.trim() ? { comment: i.comment.value.trim() } : {}) }));

  function recompute(): void {
    if (!form) return;
    const problems = scoreProblems(form.sections, scores());
    submit.disabled = problems.length > 0 || !subject.value.trim();
    if (problems.length) {
      total.textContent = '—';
      // The server's wording (scoreProblems) is for the API; the page says it in the user's language.
      totalNote.textContent = t('qScoreIncomplete');
      return;
    }
    const score = scoreEvaluation(form.sections, scores());
    total.textContent = pct(score.scorePct);
    totalNote.textContent = score.criticalFailed.length
      ? `${t('qCriticalFailed')}: ${score.criticalFailed.join(', ')} (${t('qItemsAlone')} ${pct(score.itemsPct)})`
      : '';
  }

  function renderForm(detail: ScorecardFormDetail): void {
    form = detail;
    subjectType.replaceChildren(...detail.subjectTypes.map((s) => h('option', { value: s }, t(`qSubject_${s}` as TextKey))));
    inputs = [];
    itemsBox.replaceChildren(
      ...detail.sections.map((section) =>
        h(
          'fieldset',
          {},
          h('legend', { translate: 'no' }, section.title),
          ...section.items.map((item) => {
            const points = h('input', { type: 'number', min: '0', max: String(item.maxPoints), step: '1', testid: `scorecard-item-${item.code}` });
            const note = h('input', { testid: `scorecard-item-comment-${item.code}`, placeholder: t('qComments') });
            points.oninput = recompute;
            note.oninput = recompute;
            inputs.push({ code: item.code, points, comment: note });
            return h(
              'div',
              { class: `row item${item.criticalFail ? ' critical' : ''}` },
              h('span', { class: 'item-label', translate: 'no' }, item.label),
              item.criticalFail ? h('span', { class: 'tag critical', testid: `scorecard-critical-${item.code}` }, t('qCriticalItem')) : null,
              points,
              h('span', { class: 'muted' }, `/ ${item.maxPoints} · ${t('qWeight')} ${item.weight}`),
              note,
            );
          }),
        ),
      ),
    );
    recompute();
  }

  const loadForm = () => api<ScorecardFormDetail>('GET', `/quality/scorecards/${formSelect.value}`).then(renderForm, fail);
  formSelect.onchange = () => void loadForm();
  subject.oninput = recompute;

  submit.onclick = async () => {
    if (!form) return;
    submit.disabled = true;
    error.textContent = '';
    try {
      const evaluation = await api<Evaluation>('POST', '/quality/evaluations', {
        formId: form.id,
        subjectType: subjectType.value,
        subjectId: subject.value.trim(),
        scores: scores(),
        ...(comment.value.trim() ? { comment: comment.value.trim() } : {}),
      });
      result.replaceChildren(
        h(
          'span',
          { testid: 'scorecard-saved' },
          `${t('qSaved')} #${evaluation.id} · ${t('qAgent')} ${evaluation.agentJobNumber} · ${pct(evaluation.scorePct)}`,
        ),
      );
      void loadLists();
    } catch (e) {
      fail(e);
    } finally {
      recompute();
    }
  };

  async function compare(s: CalibrationSession): Promise<void> {
    try {
      const c = await api<CalibrationView>(
        'GET',
        `/quality/calibration${query({ subjectType: s.subjectType, subjectId: s.subjectId, formId: s.formId, version: s.version })}`,
      );
      calibrationBox.replaceChildren(
        h('h3', { translate: 'no' }, `${c.form.name} v${c.form.version} · ${c.subjectId} · ${t('qAgent')} ${c.agentJobNumber}`),
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, t('qItem')), ...c.monitors.map((m) => h('th', {}, m)), h('th', {}, t('qSpread')), h('th', {}, t('qVariance'))),
          ),
          h(
            'tbody',
            {},
            ...c.items.map((i) =>
              h(
                'tr',
                { class: i.spread ? 'warn' : undefined },
                h('td', {}, h('span', { translate: 'no' }, i.label), i.criticalFail ? h('span', { class: 'tag critical' }, t('qCriticalItem')) : null),
                ...c.monitors.map((m) => h('td', {}, num(i.scores.find((x) => x.monitorJobNumber === m)?.points))),
                h('td', {}, num(i.spread)),
                h('td', {}, num(i.variance)),
              ),
            ),
            h(
              'tr',
              { class: 'total' },
              h('td', {}, t('qTotalScore')),
              ...c.monitors.map((m) => h('td', {}, pct(c.total.scores.find((x) => x.monitorJobNumber === m)?.scorePct))),
              h('td', {}, num(c.total.spread)),
              h('td', {}, num(c.total.variance)),
            ),
          ),
        ),
      );
    } catch (e) {
      fail(e);
    }
  }

  async function loadLists(): Promise<void> {
    try {
      const [evaluations, sessions] = await Promise.all([
        api<Evaluation[]>('GET', '/quality/evaluations?limit=20'),
        api<CalibrationSession[]>('GET', '/quality/calibration/sessions'),
      ]);
      evaluationsBody.replaceChildren(
        ...evaluations.map((e) =>
          h(
            'tr',
            { testid: `evaluation-row-${e.id}` },
            h('td', {}, dateTime(e.evaluatedAt)),
            h('td', { translate: 'no' }, `${e.form.name} v${e.form.version}`),
            h('td', {}, e.subjectId),
            h('td', {}, e.agentJobNumber),
            h('td', {}, e.monitorJobNumber),
            h('td', { testid: 'score' }, pct(e.scorePct)),
          ),
        ),
      );
      sessionsBody.replaceChildren(
        ...sessions.map((s, i) => {
          const open = h('button', { class: 'plain', testid: `calibration-open-${i}` }, t('qCompare'));
          open.onclick = () => void compare(s);
          return h(
            'tr',
            {},
            h('td', {}, s.subjectId),
            h('td', {}, s.agentJobNumber),
            h('td', {}, s.monitors.join(', ')),
            h('td', {}, num(s.total.mean)),
            h('td', {}, num(s.total.spread)),
            h('td', {}, num(s.total.variance)),
            h('td', {}, open),
          );
        }),
      );
    } catch (e) {
      fail(e);
    }
  }

  api<ScorecardFormView[]>('GET', '/quality/scorecards').then((forms) => {
    formSelect.replaceChildren(...forms.map((f) => h('option', { value: String(f.id) }, `${f.name} (v${f.currentVersion})`)));
    if (forms.length) void loadForm().then(() => (root.dataset.loaded = 'true'));
    else itemsBox.replaceChildren(h('div', { class: 'muted' }, t('qNoForms')));
  }, fail);
  void loadLists();
  return () => {};
}
