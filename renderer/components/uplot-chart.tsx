/**
 * A uPlot chart that follows its container's width. uPlot draws on canvas and keeps
 * tens of thousands of points fast; the data arrive already downsampled by the worker.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface ChartProps {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  /** Accessible description of what the chart shows. */
  label: string;
}

export function UPlotChart({ options, data, label }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current!;
    const u = new uPlot({ ...options, width: Math.max(200, el.clientWidth) }, data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      u.setSize({ width: Math.max(200, el.clientWidth), height: options.height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [options, data]);

  return <div className="chart" ref={host} role="img" aria-label={label} />;
}

/** Horizontal bars for small count tables (accessible as a plain table). */
export function BarTable({
  rows,
  label,
  keyHeader,
  valueHeader,
  format,
}: {
  rows: { key: string; count: number }[];
  label: string;
  keyHeader: string;
  valueHeader: string;
  format: (n: number) => string;
}) {
  const max = Math.max(0, ...rows.map((r) => r.count)) || 1;
  return (
    <table className="data bars" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{keyHeader}</th>
          <th scope="col" className="num">
            {valueHeader}
          </th>
          <th scope="col" aria-hidden="true" />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.key}</td>
            <td className="num">{format(r.count)}</td>
            <td className="bar-cell" aria-hidden="true">
              <span className="bar" style={{ width: `${(100 * r.count) / max}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
