/**
 * The one data table of the screens: typed columns (header, cell, optional sort), an
 * empty message instead of an empty table, an optional caption and footer, and a
 * scroll box that keyboard users can reach when its content overflows (a scrolling
 * region nobody can focus cannot be scrolled without a mouse).
 */
import {
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type Key,
  type ReactNode,
} from 'react';
import { useI18n } from '../i18n/i18n';

export type SortDir = 'ascending' | 'descending';

export interface Column<R> {
  /** Stable id of the column: its React key and its sort id. */
  id: string;
  header: ReactNode;
  /** The header is read by screen readers only (an actions column). */
  headerHidden?: boolean;
  cell: (row: R, index: number) => ReactNode;
  /** Numbers: right-aligned header and cells. */
  num?: boolean;
  /** Class of the body cells, or per row. */
  cellClass?: string | ((row: R) => string | undefined);
  /** Inline style of a body cell (a heat map's shade). */
  cellStyle?: (row: R) => CSSProperties | undefined;
  /** data-testid of the body cells (e2e tests read them). */
  cellTestId?: string;
  /** The cells of this column name their row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Makes the column sortable by this value; null sorts last in both directions. */
  sortValue?: (row: R) => string | number | null;
  /** The order of the first click: descending for risks, counts and dates. */
  sortFirst?: SortDir;
}

export interface SortState {
  column: string;
  dir: SortDir;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The rows in the order of `sort` (stable; rows without a value go last). */
export function sortRows<R>(
  rows: readonly R[],
  columns: readonly Column<R>[],
  sort: SortState | null,
): readonly R[] {
  const col = sort ? columns.find((c) => c.id === sort.column) : undefined;
  const value = col?.sortValue;
  if (!sort || !value) return rows;
  const sign = sort.dir === 'ascending' ? 1 : -1;
  const keyed = rows.map((row, i) => ({ row, i, v: value(row) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v === b.v) return a.i - b.i;
      return a.v === null ? 1 : -1;
    }
    const c =
      typeof a.v === 'number' && typeof b.v === 'number'
        ? a.v - b.v
        : collator.compare(String(a.v), String(b.v));
    return c !== 0 ? sign * c : a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

export function DataTable<R>({
  rows,
  columns,
  label,
  caption,
  rowKey,
  rowTestId,
  rowClass,
  rowCurrent,
  onRowClick,
  empty,
  className,
  scroll = 'wrap',
  footer,
  headless,
  initialSort,
}: {
  rows: readonly R[];
  columns: readonly Column<R>[];
  /** The table's accessible name (and its scroll region's). */
  label: string;
  /** A visible caption above the table. */
  caption?: ReactNode;
  /** Defaults to the row's position, for lists that never reorder. */
  rowKey?: (row: R, index: number) => Key;
  /** data-testid of each body row: one for all, or per row. */
  rowTestId?: string | ((row: R) => string);
  rowClass?: (row: R) => string | undefined;
  /** The row of the thing in use (the open plant): aria-current. */
  rowCurrent?: (row: R) => boolean;
  /**
   * A click anywhere on a row (a pointer shortcut: the row must also hold a link or
   * button for keyboard users, whose own clicks are left to it).
   */
  onRowClick?: (row: R) => void;
  /** Shown instead of the table when there are no rows; without it the empty table shows. */
  empty?: ReactNode;
  /** Extra classes of the table (`compact`, ...). */
  className?: string;
  /** `tall` caps the height and scrolls; `none` leaves the table unboxed. */
  scroll?: 'wrap' | 'tall' | 'none';
  /** Rows of the table's footer (`<tr>` elements). */
  footer?: ReactNode;
  /** No header row: the table shows raw lines whose first row is data too. */
  headless?: boolean;
  initialSort?: SortState;
}) {
  const [sort, setSort] = useState<SortState | null>(initialSort ?? null);
  if (rows.length === 0 && empty !== undefined) return <p className="muted">{empty}</p>;
  const shown = sortRows(rows, columns, sort);

  const table = (
    <table className={className ? `data ${className}` : 'data'} aria-label={label}>
      {caption !== undefined && <caption>{caption}</caption>}
      {!headless && (
        <thead>
          <tr>
            {columns.map((c) => {
              const cls = c.num ? 'num' : undefined;
              const text = c.headerHidden ? (
                <span className="visually-hidden">{c.header}</span>
              ) : (
                c.header
              );
              if (!c.sortValue) {
                return (
                  <th key={c.id} scope="col" className={cls}>
                    {text}
                  </th>
                );
              }
              return (
                <SortHeader
                  key={c.id}
                  label={text}
                  title={typeof c.header === 'string' ? c.header : undefined}
                  num={c.num}
                  dir={sort?.column === c.id ? sort.dir : null}
                  first={c.sortFirst ?? 'ascending'}
                  onSort={(dir) => setSort({ column: c.id, dir })}
                />
              );
            })}
          </tr>
        </thead>
      )}
      <tbody>
        {shown.map((row, i) => (
          <tr
            key={rowKey ? rowKey(row, i) : i}
            className={
              [rowClass?.(row), onRowClick ? 'clickable' : undefined].filter(Boolean).join(' ') ||
              undefined
            }
            onClick={
              onRowClick &&
              ((e) => {
                if ((e.target as HTMLElement).closest('a, button, input, select')) return;
                onRowClick(row);
              })
            }
            data-testid={typeof rowTestId === 'function' ? rowTestId(row) : rowTestId}
            aria-current={rowCurrent?.(row) ? 'true' : undefined}
          >
            {columns.map((c) => {
              const cls = [
                c.num ? 'num' : '',
                (typeof c.cellClass === 'function' ? c.cellClass(row) : c.cellClass) ?? '',
              ]
                .filter(Boolean)
                .join(' ');
              const props = {
                className: cls || undefined,
                style: c.cellStyle?.(row),
                'data-testid': c.cellTestId,
              };
              return c.rowHeader ? (
                <th key={c.id} scope="row" {...props}>
                  {c.cell(row, i)}
                </th>
              ) : (
                <td key={c.id} {...props}>
                  {c.cell(row, i)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
      {footer !== undefined && <tfoot>{footer}</tfoot>}
    </table>
  );
  if (scroll === 'none') return table;
  return (
    <ScrollBox label={label} tall={scroll === 'tall'}>
      {table}
    </ScrollBox>
  );
}

/**
 * A column header that sorts: a click sorts by it (in `first` order), a second click
 * reverses; aria-sort tells screen readers the order. Tables that render their own
 * rows (the virtual ranking) use it too.
 */
export function SortHeader({
  label,
  title,
  num,
  dir,
  first,
  onSort,
}: {
  label: ReactNode;
  /** The column's name for the button's tooltip ("Sort by …"). */
  title?: string;
  num?: boolean;
  /** This column's order, or null when the table is sorted by another. */
  dir: SortDir | null;
  first: SortDir;
  onSort: (dir: SortDir) => void;
}) {
  const { t } = useI18n();
  const next: SortDir = dir === null ? first : dir === 'ascending' ? 'descending' : 'ascending';
  return (
    <th scope="col" className={num ? 'num sortable' : 'sortable'} aria-sort={dir ?? 'none'}>
      <button
        type="button"
        className="sort"
        title={title !== undefined ? t('table.sortBy', { column: title }) : undefined}
        onClick={() => onSort(next)}
      >
        {label}
        <span aria-hidden="true" className="sort-mark">
          {dir === null ? '' : dir === 'ascending' ? '▲' : '▼'}
        </span>
      </button>
    </th>
  );
}

/**
 * The table's box. While its content overflows it is a labelled region in the tab
 * order, so arrow keys scroll it; otherwise it stays out of the way.
 */
function ScrollBox({
  label,
  tall,
  children,
}: {
  label: string;
  tall: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () =>
      setScrolls(el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(check);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={tall ? 'table-wrap tall' : 'table-wrap'}
      tabIndex={scrolls ? 0 : undefined}
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? label : undefined}
    >
      {children}
    </div>
  );
}
