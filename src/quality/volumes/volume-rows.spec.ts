import { checkVolumeRows } from './volume-rows';

const units = new Map([
  ['S001', 1],
  ['L001', 4],
]);

describe('checkVolumeRows', () => {
  it('accepts good rows, numbers from JSON or digits from CSV, and leaves absent counts out', () => {
    const result = checkVolumeRows(
      [
        { unit: 'L001', date: '2026-11-25', bookedDeliveries: 380 },
        { unit: 'S001', date: '2026-11-25', sales: '120', bookedDeliveries: '' },
        { unit: ' S001 ', date: '2026-11-26', sales: 0, bookedDeliveries: 7 },
      ],
      units,
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { unit: 'L001', unitId: 4, date: '2026-11-25', bookedDeliveries: 380 },
        { unit: 'S001', unitId: 1, date: '2026-11-25', sales: 120 },
        { unit: 'S001', unitId: 1, date: '2026-11-26', sales: 0, bookedDeliveries: 7 },
      ],
    });
  });

  it('names the row and field of every bad row, and nothing passes', () => {
    const result = checkVolumeRows(
      [
        { unit: 'L001', date: '2026-11-25', bookedDeliveries: 10 },
        { unit: 'X999', date: '2026-11-25', bookedDeliveries: 10 },
        { unit: 'L001', date: '2026-02-30', bookedDeliveries: 10 },
        { unit: 'L001', date: '2026-11-27', bookedDeliveries: -3 },
        { unit: 'L001', date: '2026-11-28', sales: '1.5' },
        { unit: 'L001', date: '2026-11-29' },
        { unit: 'L001', date: '2026-11-25', bookedDeliveries: 11 },
        { unit: 'L001', date: '2026-11-30', bookedDeliveries: 1, colour: 'red' },
        'not a row',
      ],
      units,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        'row 2: unit "X999" is not a known unit code',
        'row 3: date "2026-02-30" is not a calendar date YYYY-MM-DD',
        'row 4: bookedDeliveries must be a whole number ≥ 0',
        'row 5: sales must be a whole number ≥ 0',
        'row 6: give bookedDeliveries and/or sales',
        'row 7: unit "L001" and date 2026-11-25 already given in row 1',
        'row 8: unknown field "colour" (allowed: unit, date, bookedDeliveries, sales)',
        'row 9: must be an object with unit, date, bookedDeliveries and/or sales',
      ],
      findings: expect.any(Array) as unknown,
    });
    // Each finding also as a code and values, for a page to word it in its language.
    expect(!result.ok && result.findings.map((f) => [f.row, f.code, f.params])).toEqual([
      [2, 'volumes.unit_unknown', { unit: 'X999' }],
      [3, 'volumes.date_invalid', { date: '2026-02-30' }],
      [4, 'volumes.count_invalid', { field: 'bookedDeliveries' }],
      [5, 'volumes.count_invalid', { field: 'sales' }],
      [6, 'volumes.count_missing', {}],
      [7, 'volumes.duplicate', { unit: 'L001', date: '2026-11-25', firstRow: 1 }],
      [8, 'volumes.unknown_field', { field: 'colour' }],
      [9, 'volumes.row_not_object', {}],
    ]);
  });

  it('requires unit and date, and at least one row', () => {
    expect(checkVolumeRows([{ sales: 1 }], units)).toEqual({
      ok: false,
      errors: ['row 1: unit is required (a unit code)', 'row 1: date is required (YYYY-MM-DD)'],
      findings: [
        { row: 1, code: 'volumes.unit_required', params: {}, message: 'row 1: unit is required (a unit code)' },
        { row: 1, code: 'volumes.date_required', params: {}, message: 'row 1: date is required (YYYY-MM-DD)' },
      ],
    });
    expect(checkVolumeRows([], units)).toEqual({
      ok: false,
      errors: ['rows: the import holds no rows'],
      findings: [{ row: 0, code: 'volumes.no_rows', params: {}, message: 'rows: the import holds no rows' }],
    });
  });
});
