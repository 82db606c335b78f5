import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { TERMINAL_LABELS } from '../../organisation/terminals';
import type { ChangeView, FiguresView, ReportViewDto } from './dtos/report-views.dto';

/** Noto Sans SC (OFL) from the npm registry, so Chinese renders without system fonts; read once. */
let fontCache: Buffer | null = null;
function chineseFont(): Buffer {
  fontCache ??= readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
  return fontCache;
}

const PAGE = { width: 841.89, height: 595.28, margin: 36 }; // A4 landscape
/** The least height of a table row; a label that wraps makes its row taller. */
const ROW = 16;
const CELL_PAD = 4;
/** Room kept above the body for the running header and below it for the page number. */
const RUNNING_HEADER = 18;
const FOOTER = 16;
/** A table starts on a page only with this many of its rows (or all, if fewer): no heading or header left alone at a page's foot. */
const KEEP_WITH_START = 3;

const dash = (v: number | null | undefined, suffix = '') => (v === null || v === undefined ? '—' : `${v}${suffix}`);
const pct = (c: ChangeView) => (c.pct === null ? (c.delta ? `+${c.delta}` : '0') : `${c.pct > 0 ? '+' : ''}${c.pct}%`);

interface Column {
  title: string;
  width: number;
  value: (row: FiguresView & { change?: { previousPeriod: ChangeView; previousWeek: ChangeView } }) => string;
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

type TableRow = { label: string; figures: FiguresView & { change?: { previousPeriod: ChangeView; previousWeek: ChangeView } } };

/**
 * Where each row of a table goes: rows break to a new page where they no longer fit, never leaving
 * a table's last row alone on a page (the row before it goes along), and a table starts only where
 * its first rows fit too. Pure: heights in, page breaks out — `breaksBefore[i]` is true when row i opens a page.
 */
export function paginateRows(
  rowHeights: number[],
  startY: number,
  topY: number,
  bottomY: number,
  headerHeight: number,
): { startOnNewPage: boolean; breaksBefore: boolean[] } {
  const n = rowHeights.length;
  const lead = rowHeights.slice(0, Math.min(n, KEEP_WITH_START)).reduce((a, b) => a + b, 0);
  const startOnNewPage = startY + headerHeight + lead > bottomY && startY > topY;
  let y = (startOnNewPage ? topY : startY) + headerHeight;
  let rowsOnPage = 0;
  const breaksBefore = rowHeights.map(() => false);
  for (let i = 0; i < n; i++) {
    const h = rowHeights[i];
    const lastTwoSplit = i === n - 2 && rowsOnPage > 0 && y + h <= bottomY && y + h + rowHeights[n - 1] > bottomY;
    if ((y + h > bottomY && rowsOnPage > 0) || lastTwoSplit) {
      breaksBefore[i] = true;
      y = topY + headerHeight;
      rowsOnPage = 0;
    }
    y += h;
    rowsOnPage++;
  }
  return { startOnNewPage, breaksBefore };
}

/**
 * The stored report as a PDF (A4 landscape): title and period, totals, a bar chart of complaints by
 * terminal against the week before, the terminal table, top causes, and each terminal's units —
 * the same figures as the API, read from the same stored payload. Every page has a running header
 * (the report and its period) and its number; a table continued on a new page repeats its header.
 */
export function renderReportPdf(view: ReportViewDto): Promise<Buffer> {
  const { report } = view;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: `Quality report ${view.from} – ${view.to}`, Author: 'Hotline' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('zh', chineseFont());
  doc.font('zh');

  const left = PAGE.margin;
  const top = PAGE.margin + RUNNING_HEADER;
  const bottom = PAGE.height - PAGE.margin - FOOTER;
  let y = top;
  const newPage = () => {
    doc.addPage();
    y = top;
  };
  const room = (needed: number) => {
    if (y + needed > bottom) newPage();
  };
  const heading = (text: string, size = 12, keepWith = 0) => {
    room(size + 8 + keepWith);
    doc.fontSize(size).fillColor('#000').text(text, left, y, { lineBreak: false });
    y += size + 8;
  };
  const table = (title: string, firstTitle: string, firstWidth: number, rows: TableRow[]) => {
    doc.fontSize(8);
    // A label wraps within its cell; its row is as tall as its lines.
    const heights = rows.map((row) => Math.max(ROW, Math.ceil(doc.heightOfString(row.label, { width: firstWidth - CELL_PAD })) + CELL_PAD));
    const titleHeight = 11 + 8;
    const { startOnNewPage, breaksBefore } = paginateRows(heights, y, top, bottom, titleHeight + ROW);
    if (startOnNewPage) newPage();
    heading(title, 11);
    const header = () => {
      doc.fontSize(8).fillColor('#555');
      let x = left;
      doc.text(firstTitle, x, y, { width: firstWidth, lineBreak: false });
      x += firstWidth;
      for (const c of FIGURES) {
        doc.text(c.title, x, y, { width: c.width, align: 'right', lineBreak: false });
        x += c.width;
      }
      doc
        .moveTo(left, y + ROW - 4)
        .lineTo(x, y + ROW - 4)
        .lineWidth(0.5)
        .stroke('#bbb');
      y += ROW;
    };
    header();
    rows.forEach((row, i) => {
      if (breaksBefore[i]) {
        newPage();
        doc.fontSize(9).fillColor('#555').text(`${title}（续 continued）`, left, y, { lineBreak: false });
        y += 14;
        header();
      }
      doc.fontSize(8).fillColor('#000');
      let x = left;
      doc.text(row.label, x, y, { width: firstWidth - CELL_PAD, height: heights[i], lineGap: 0 });
      x += firstWidth;
      for (const c of FIGURES) {
        doc.text(c.value(row.figures), x, y, { width: c.width, align: 'right', lineBreak: false });
        x += c.width;
      }
      y += heights[i];
    });
    y += 6;
  };

  const title =
    view.kind === 'daily'
      ? `每日终端服务质量报告 Daily terminal service-quality report — ${view.from}`
      : `终端服务质量报告 Terminal service-quality report — ${view.from} 至 ${view.to}`;
  heading(title, 16);
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(
      `对比 compared with: 上期 ${report.comparison.previousPeriod.from}–${report.comparison.previousPeriod.to} · 上周同期 ${report.comparison.previousWeek.from}–${report.comparison.previousWeek.to} · 生成 generated ${view.generatedAt}${view.generatedBy ? ` by ${view.generatedBy}` : ''} · 报告 #${view.id}`,
      left,
      y,
      { lineBreak: false },
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
    doc
      .moveTo(tick, y - 1)
      .lineTo(tick, y + 12)
      .lineWidth(1)
      .stroke('#d9822b');
    doc.fillColor('#000').text(`${t.complaints} (${pct(t.change.previousWeek)})`, barLeft + barWidth + 8, y, { lineBreak: false });
    y += 14;
  }
  doc.fontSize(7).fillColor('#555').text('蓝色: 本期 · 橙色刻度: 上周同期 (blue: this period · orange tick: a week earlier)', left, y, { lineBreak: false });
  y += 16;

  table('终端汇总 Terminals', '终端 terminal', 150, [
    ...report.terminals.map((t) => ({ label: `${TERMINAL_LABELS[t.terminal].zh} ${TERMINAL_LABELS[t.terminal].en}`, figures: t })),
    { label: '合计 total', figures: report.totals },
  ]);

  table(
    '主要投诉原因 Top causes',
    '原因 cause',
    150,
    report.topCauses.map((c) => ({ label: `${c.labelZh} (${c.share ?? 0}%)`, figures: c })),
  );

  for (const t of report.terminals.filter((x) => x.units.length)) {
    table(
      `${TERMINAL_LABELS[t.terminal].zh} ${TERMINAL_LABELS[t.terminal].en}: 单位 units`,
      '单位 unit',
      150,
      t.units.map((u) => ({ label: `${u.code ?? ''} ${u.name}`.trim(), figures: u })),
    );
  }
  runningHeadersAndPageNumbers(doc, title);
  doc.end();
  return done;
}

/** On every page: the report's title at the top and "第 n 页 / 共 N 页" at the foot (drawn once all pages exist, so N is known). */
function runningHeadersAndPageNumbers(doc: PDFKit.PDFDocument, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing in the margins must not open a page: pdfkit breaks at the bottom margin.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    const width = PAGE.width - 2 * PAGE.margin;
    doc.fontSize(7).fillColor('#888');
    doc.text(title, PAGE.margin, PAGE.margin - 12, { width, lineBreak: false, ellipsis: true });
    doc.text(`第 ${i - start + 1} 页 / 共 ${count} 页 · page ${i - start + 1} of ${count}`, PAGE.margin, PAGE.height - PAGE.margin - 6, {
      width,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
}
