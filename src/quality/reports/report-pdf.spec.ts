import pdfParse from 'pdf-parse/lib/pdf-parse.js';
import { buildComplaintReport, ComplaintGroup, PeriodInput, zeroCounts } from './complaint-figures';
import { paginateRows, renderReportPdf } from './report-pdf';
import type { ReportViewDto } from './dtos/report-views.dto';

interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** Every text item of every page with its position, as pdf.js (inside pdf-parse) lays the page out. */
async function pagesOf(pdf: Buffer): Promise<TextItem[][]> {
  const pages: TextItem[][] = [];
  await pdfParse(pdf, {
    pagerender: async (page: { getTextContent(): Promise<{ items: { str: string; transform: number[]; width: number }[] }> }) => {
      const content = await page.getTextContent();
      pages.push(
        content.items
          .filter((i) => i.str.trim() !== '')
          .map((i) => ({ str: i.str, x: i.transform[4], y: i.transform[5], width: i.width, size: Math.abs(i.transform[3]) })),
      );
      return '';
    },
  });
  return pages;
}

const group = (g: Partial<ComplaintGroup> & Pick<ComplaintGroup, 'terminal' | 'unitId' | 'cause'>): ComplaintGroup => ({ ...zeroCounts(), ...g });

/** A report of 40 stores with long names, each with complaints. */
function fortyUnitReport(): ReportViewDto {
  const units = Array.from({ length: 40 }, (_, i) => ({
    id: i + 1,
    code: `U${String(i + 1).padStart(3, '0')}`,
    terminal: 'store' as const,
    name: `上海市浦东新区张江高科技园区碧波路${i + 1}号旗舰体验门店 Pudong Zhangjiang hi-tech park flagship experience store number ${i + 1}`,
  }));
  const period = (from: string, factor: number): PeriodInput => ({
    from,
    to: from,
    volumes: [],
    groups: units.map((u) =>
      group({ terminal: 'store', unitId: u.id, cause: 'late_delivery', complaints: (u.id % 7) + factor, closed: 1, slaKept: 1, resolutionSecondsSum: 3600 }),
    ),
  });
  const report = buildComplaintReport(period('2026-11-23', 2), period('2026-11-22', 1), period('2026-11-16', 3), {
    units,
    causes: [{ code: 'late_delivery', labelZh: '配送延误', labelEn: 'Late delivery' }],
  });
  return { id: 7, kind: 'daily', from: '2026-11-23', to: '2026-11-23', generatedAt: '2026-11-24T00:30:00.000Z', generatedBy: null, report };
}

describe('the report PDF layout', () => {
  it("breaks rows onto new pages, never leaving a table's last row alone, and starts a table only with room for its first rows", () => {
    // 10 rows of 20 on pages with room for 190: 9 fit on the first page, but then the last would be alone.
    const { breaksBefore } = paginateRows(new Array(10).fill(20), 0, 0, 190, 0);
    expect(breaksBefore.indexOf(true)).toBe(8);
    expect(paginateRows(new Array(3).fill(20), 150, 0, 200, 20).startOnNewPage).toBe(true);
    expect(paginateRows(new Array(3).fill(20), 100, 0, 200, 20)).toEqual({ startOnNewPage: false, breaksBefore: [false, false, false] });
  });

  it('renders 40 units with long names: no text overlaps, every row once, no lone row on a page, a header and page number on every page', async () => {
    const pages = await pagesOf(await renderReportPdf(fortyUnitReport()));
    expect(pages.length).toBeGreaterThan(1);

    for (const [p, items] of pages.entries()) {
      // Boxes from the baseline: descenders below, the glyphs' height above.
      const boxes = items.map((i) => ({ ...i, x1: i.x + i.width, y0: i.y - 0.2 * i.size, y1: i.y + 0.8 * i.size }));
      for (let a = 0; a < boxes.length; a++) {
        for (let b = a + 1; b < boxes.length; b++) {
          const [i, j] = [boxes[a], boxes[b]];
          const overlapX = Math.min(i.x1, j.x1) - Math.max(i.x, j.x) > 0.5;
          const overlapY = Math.min(i.y1, j.y1) - Math.max(i.y0, j.y0) > 0.5;
          if (overlapX && overlapY)
            throw new Error(
              `page ${p + 1}: "${i.str}" at (${i.x.toFixed(1)}, ${i.y.toFixed(1)}) overlaps "${j.str}" at (${j.x.toFixed(1)}, ${j.y.toFixed(1)})`,
            );
        }
      }
      const text = items.map((i) => i.str).join('');
      expect(text).toContain('每日终端服务质量报告'); // the running header
      expect(text).toContain(`page ${p + 1} of ${pages.length}`);
    }

    // Each unit's row once; a page with unit rows holds at least two of them.
    const rowsPerPage = pages.map((items) => items.filter((i) => /^U\d{3}\b/.test(i.str)).map((i) => i.str.slice(0, 4)));
    expect(rowsPerPage.flat().sort()).toEqual(Array.from({ length: 40 }, (_, i) => `U${String(i + 1).padStart(3, '0')}`));
    for (const rows of rowsPerPage) if (rows.length > 0) expect(rows.length).toBeGreaterThanOrEqual(2);
    // The long names wrap inside their cell instead of running on: the whole name is there.
    expect(
      pages
        .flat()
        .map((i) => i.str)
        .join(''),
    ).toContain('number 40');
  });
});
