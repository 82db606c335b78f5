import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { TERMINAL_LABELS } from '../../organisation/terminals';
import type { Change, Figures } from './complaint-figures';
import type { ReportView } from './quality-reports.service';

/** Noto Sans SC (OFL) from the npm registry, so Chinese renders without system fonts; read once. */
let fontCache: Buffer | null = null;
function chineseFont(): Buffer {
  fontCache ??= readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
  return fontCache;
}

const PAGE = { width: 841.89, height: 595.28, margin: 36 }; // A4 landscape
const ROW = 16;

const dash = (v: number | null | undefined, suffix = '') => (v === null || v === undefined ? '—' : `${v}${suffix}`);
const pct = (c: Change) => (c.pct === null ? (c.delta ? `+${c.delta}` : '0') : `${c.pct > 0 ? '+' : ''}${c.pct}%`);

interface Column {
  title: string;
  width: number;
  value: (row: Figures & { change?: { previousPeriod: Change; previousWeek: Change } }) => string;
}

const FIGURES: Column[] = [
  { title: '投诉', width: 44, value: (f) => String(f.complaints) },
  { title: '环比', width: 52, value: (f) => (f.change ? pct(f.change.previousPeriod) : '') },
  { title: '同比(周)', width: 56, value: (f) => (f.change ? pct(f.change.previousWeek) : '') },
  { title: '完结', width: 40, value: (f) => String(f.closed) },
  { title: '平均处理h', width: 58, value: (f) => dash(f.avgResolutionHours) },
  { title: '时效达成', width: 56, value: (f) => dash(f.slaKeptPct, '%') },
  { title: '重开率', width: 50, value: (f) => dash(f.reopenRatePct, '%') },
  { title: '千单投诉', width: 56, value: (f) => dash(f.ratePer1000) },
  { title: '理赔(元)', width: 66, value: (f) => (f.claimsPaid ? `${f.claimsPaid} / ${f.claimsPaidAmount}` : '0') },
  { title: '满意度', width: 50, value: (f) => dash(f.satisfactionAvg) },
];

/**
 * The stored report as a PDF (A4 landscape): title and period, totals, a bar chart of complaints by
 * terminal against the week before, the terminal table, top causes, and each terminal's units —
 * the same figures as the API, read from the same stored payload.
 */
export function renderReportPdf(view: ReportView): Promise<Buffer> {
  const { report } = view;
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: PAGE.margin, info: { Title: `Quality report ${view.from} – ${view.to}`, Author: 'Hotline' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('zh', chineseFont());
  doc.font('zh');

  const left = PAGE.margin;
  const bottom = PAGE.height - PAGE.margin;
  let y = PAGE.margin;
  const room = (needed: number) => {
    if (y + needed > bottom) {
      doc.addPage();
      y = PAGE.margin;
    }
  };
  const heading = (text: string, size = 12) => {
    room(size + 12);
    doc.fontSize(size).fillColor('#000').text(text, left, y, { lineBreak: false });
    y += size + 8;
  };
  const table = (firstTitle: string, firstWidth: number, rows: { label: string; figures: Figures & { change?: { previousPeriod: Change; previousWeek: Change } } }[]) => {
    const header = () => {
      doc.fontSize(8).fillColor('#555');
      let x = left;
      doc.text(firstTitle, x, y, { width: firstWidth, lineBreak: false });
      x += firstWidth;
      for (const c of FIGURES) {
        doc.text(c.title, x, y, { width: c.width, align: 'right', lineBreak: false });
        x += c.width;
      }
      y += ROW;
    };
    room(ROW * 2);
    header();
    for (const row of rows) {
      if (y + ROW > bottom) {
        room(bottom);
        header();
      }
      doc.fontSize(8).fillColor('#000');
      let x = left;
      doc.text(row.label, x, y, { width: firstWidth - 4, lineBreak: false, ellipsis: true });
      x += firstWidth;
      for (const c of FIGURES) {
        doc.text(c.value(row.figures), x, y, { width: c.width, align: 'right', lineBreak: false });
        x += c.width;
      }
      y += ROW;
    }
    y += 6;
  };

  const title = view.kind === 'daily' ? `每日终端服务质量报告 Daily terminal service-quality report — ${view.from}` : `终端服务质量报告 Terminal service-quality report — ${view.from} 至 ${view.to}`;
  heading(title, 16);
  doc.fontSize(9).fillColor('#555').text(
    `对比 compared with: 上期 ${report.comparison.previousPeriod.from}–${report.comparison.previousPeriod.to} · 上周同期 ${report.comparison.previousWeek.from}–${report.comparison.previousWeek.to} · 生成 generated ${view.generatedAt}${view.generatedBy ? ` by ${view.generatedBy}` : ''} · 报告 #${view.id}`,
    left, y, { lineBreak: false },
  );
  y += 20;

  // Complaints by terminal: bars now, a tick for the same period a week earlier.
  heading('各终端投诉量 Complaints by terminal');
  const max = Math.max(1, ...report.terminals.map((t) => Math.max(t.complaints, t.change.previousWeek.previous)));
  const barLeft = left + 90;
  const barWidth = 420;
  for (const t of report.terminals) {
    room(14);
    doc.fontSize(8).fillColor('#000').text(`${TERMINAL_LABELS[t.terminal].zh} ${t.terminal}`, left, y, { width: 88, lineBreak: false });
    const w = (barWidth * t.complaints) / max;
    if (w > 0) doc.rect(barLeft, y + 1, w, 9).fill('#2f6fb3');
    const tick = barLeft + (barWidth * t.change.previousWeek.previous) / max;
    doc.moveTo(tick, y - 1).lineTo(tick, y + 12).lineWidth(1).stroke('#d9822b');
    doc.fillColor('#000').text(`${t.complaints} (${pct(t.change.previousWeek)})`, barLeft + barWidth + 8, y, { lineBreak: false });
    y += 14;
  }
  doc.fontSize(7).fillColor('#555').text('蓝色: 本期 · 橙色刻度: 上周同期 (blue: this period · orange tick: a week earlier)', left, y, { lineBreak: false });
  y += 16;

  heading('终端汇总 Terminals');
  table('终端 terminal', 150, [
    ...report.terminals.map((t) => ({ label: `${TERMINAL_LABELS[t.terminal].zh} ${TERMINAL_LABELS[t.terminal].en}`, figures: t })),
    { label: '合计 total', figures: report.totals },
  ]);

  heading('主要投诉原因 Top causes');
  table('原因 cause', 150, report.topCauses.map((c) => ({ label: `${c.labelZh} (${c.share ?? 0}%)`, figures: c })));

  for (const t of report.terminals.filter((x) => x.units.length)) {
    heading(`${TERMINAL_LABELS[t.terminal].zh} ${TERMINAL_LABELS[t.terminal].en}: 单位 units`, 11);
    table('单位 unit', 150, t.units.map((u) => ({ label: `${u.code ?? ''} ${u.name}`.trim(), figures: u })));
  }
  doc.end();
  return done;
}
