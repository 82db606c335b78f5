/**
 * Chart.js, only the parts the quality pages draw (bar charts), so esbuild leaves the rest
 * out. Each chart's figures are also written as a table inside the <canvas> — its fallback content,
 * read by screen readers (and tests) and never painted.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h } from '../../core';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const TERMINAL_COLOURS: Record<string, string> = {
  dispatch: '#1d4ed8',
  logistics: '#b45309',
  store: '#15803d',
  after_sales: '#7c3aed',
  manufacturer: '#be185d',
  invoice: '#0891b2',
  membership: '#65a30d',
  warranty: '#64748b',
};
const PALETTE = ['#1d4ed8', '#94a3b8', '#f59e0b', '#15803d', '#b91c1c', '#7c3aed'];

export interface Series {
  key: string;
  label: string;
  data: number[];
  colour?: string;
}

export interface BarChartOptions {
  stacked?: boolean;
  horizontal?: boolean;
  /** aria-label and caption of the fallback table. */
  title: string;
}

/** A bar chart of `series` over `labels` on `canvas`; returns the Chart, to destroy with the page. */
export function barChart(canvas: HTMLCanvasElement, labels: string[], series: Series[], options: BarChartOptions): Chart<'bar'> {
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', options.title);
  canvas.replaceChildren(fallbackTable(canvas.dataset.testid ?? 'chart', labels, series, options.title));
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: s.colour ?? PALETTE[i % PALETTE.length], borderWidth: 0 })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: options.horizontal ? 'y' : 'x',
      scales: {
        x: { stacked: !!options.stacked, ticks: { precision: 0 } },
        y: { stacked: !!options.stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { display: series.length > 1, position: 'bottom' } },
    },
  });
}

/** The chart's figures as a table: one row per series, one cell per label. */
function fallbackTable(testid: string, labels: string[], series: Series[], title: string): HTMLTableElement {
  return h(
    'table',
    { testid: `${testid}-data` },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', {}, ''), ...labels.map((l) => h('th', {}, l)))),
    h('tbody', {}, ...series.map((s) => h('tr', { 'data-series': s.key }, h('th', {}, s.label), ...s.data.map((v) => h('td', {}, String(v)))))),
  );
}
