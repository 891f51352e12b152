import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable, sortRows, type Column } from '../../../renderer/components/data-table';

interface Row {
  machine: string;
  risk: number | null;
}

const rows: Row[] = [
  { machine: 'M10', risk: 0.2 },
  { machine: 'M2', risk: null },
  { machine: 'M1', risk: 0.9 },
  { machine: 'm3', risk: 0.2 },
];

const columns: Column<Row>[] = [
  {
    id: 'machine',
    header: 'Machine',
    rowHeader: true,
    cell: (r) => r.machine,
    sortValue: (r) => r.machine,
  },
  {
    id: 'risk',
    header: 'Risk',
    num: true,
    cellTestId: 'risk',
    cell: (r) => (r.risk === null ? '—' : String(r.risk)),
    sortValue: (r) => r.risk,
    sortFirst: 'descending',
  },
  { id: 'note', header: 'Actions', headerHidden: true, cell: () => 'x' },
];

const machines = (rs: readonly Row[]) => rs.map((r) => r.machine);

describe('sortRows', () => {
  it('keeps the given order without a sort', () => {
    expect(sortRows(rows, columns, null)).toBe(rows);
  });

  it('sorts machine ids as a planner reads them: M2 before M10, case ignored', () => {
    expect(machines(sortRows(rows, columns, { column: 'machine', dir: 'ascending' }))).toEqual([
      'M1',
      'M2',
      'm3',
      'M10',
    ]);
    expect(machines(sortRows(rows, columns, { column: 'machine', dir: 'descending' }))).toEqual([
      'M10',
      'm3',
      'M2',
      'M1',
    ]);
  });

  it('sorts numbers, keeps ties in their order and puts rows without a value last both ways', () => {
    expect(machines(sortRows(rows, columns, { column: 'risk', dir: 'descending' }))).toEqual([
      'M1',
      'M10',
      'm3',
      'M2',
    ]);
    expect(machines(sortRows(rows, columns, { column: 'risk', dir: 'ascending' }))).toEqual([
      'M10',
      'm3',
      'M1',
      'M2',
    ]);
  });

  it('ignores a sort by a column that cannot sort', () => {
    expect(sortRows(rows, columns, { column: 'note', dir: 'ascending' })).toBe(rows);
  });
});

describe('DataTable markup', () => {
  it('labels the table, marks sortable headers with aria-sort and rows with their header', () => {
    const html = renderToStaticMarkup(
      <DataTable
        rows={rows}
        columns={columns}
        label="Ranking"
        rowKey={(r) => r.machine}
        rowTestId="row"
        initialSort={{ column: 'risk', dir: 'descending' }}
      />,
    );
    expect(html).toContain('<table class="data" aria-label="Ranking">');
    expect(html).toMatch(
      /<th scope="col" class="sortable" aria-sort="none"><button[^>]*title="Sort by Machine"/,
    );
    expect(html).toMatch(/<th scope="col" class="num sortable" aria-sort="descending">/);
    expect(html).toContain('<th scope="col"><span class="visually-hidden">Actions</span></th>');
    expect(html).toContain('<th scope="row">M1</th>');
    expect(html.match(/data-testid="row"/g)).toHaveLength(4);
    expect(html).toContain('<td class="num" data-testid="risk">0.9</td>');
    // The initial sort is applied: M1 (0.9) first, M2 (no risk) last.
    expect(html.indexOf('>M1<')).toBeLessThan(html.indexOf('>M10<'));
    expect(html.indexOf('>m3<')).toBeLessThan(html.indexOf('>M2<'));
    // Not yet measured as overflowing: the box is not a tab stop.
    expect(html).toContain('<div class="table-wrap"><table');
  });

  it('shows the empty message instead of an empty table, and the empty table without one', () => {
    const withMessage = renderToStaticMarkup(
      <DataTable rows={[]} columns={columns} label="Ranking" empty="No runs yet." />,
    );
    expect(withMessage).toBe('<p class="muted">No runs yet.</p>');
    const without = renderToStaticMarkup(<DataTable rows={[]} columns={columns} label="Ranking" />);
    expect(without).toContain('<tbody></tbody>');
    expect(without).toContain('<thead>');
  });

  it('has a caption, a footer and extra classes; a headless one has no header row', () => {
    const html = renderToStaticMarkup(
      <DataTable
        rows={rows.slice(0, 1)}
        columns={columns}
        label="Report"
        caption="Files"
        className="compact"
        scroll="none"
        footer={
          <tr>
            <th scope="row">Total</th>
          </tr>
        }
      />,
    );
    expect(
      html.startsWith('<table class="data compact" aria-label="Report"><caption>Files</caption>'),
    ).toBe(true);
    expect(html).toContain('<tfoot><tr><th scope="row">Total</th></tr></tfoot>');
    const headless = renderToStaticMarkup(
      <DataTable rows={rows} columns={columns} label="Raw lines" headless scroll="tall" />,
    );
    expect(headless).not.toContain('<thead>');
    expect(headless).toContain('<div class="table-wrap tall">');
  });
});
