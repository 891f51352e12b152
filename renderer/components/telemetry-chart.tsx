/**
 * Telemetry of one machine for a date range: one small chart per sensor with the
 * min-max band of each time bucket (the worker aggregates; at most ~1 point per pixel).
 */
import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { TelemetrySeries } from '../../workers/app/api-types';
import { call } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { UPlotChart } from './uplot-chart';

const COLORS = ['#0969da', '#8250df', '#bf3989', '#1a7f37', '#9a6700', '#cf222e'];

export function TelemetryChart({
  machineId,
  machineName,
  from,
  to,
}: {
  machineId: number;
  /** The machine id as the plant writes it (text), for labels. */
  machineName: string;
  from: number;
  to: number;
}) {
  const { t, num } = useI18n();
  const [series, setSeries] = useState<TelemetrySeries | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    call((e) => e.telemetry(machineId, from, to, 800))
      .then((s) => {
        if (!live) return;
        setSeries(s);
        setError(null);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [machineId, from, to]);

  const charts = useMemo(() => {
    if (!series) return [];
    return series.sensors.map((name, i) => {
      const color = COLORS[i % COLORS.length];
      const opts: Omit<uPlot.Options, 'width'> = {
        height: 140,
        legend: { show: false },
        // One bucket is one point: give the axis a day around it.
        scales: {
          x:
            series.t.length > 1
              ? { time: true }
              : { time: true, range: [series.t[0] - 43200, series.t[0] + 43200] },
        },
        axes: [{}, { size: 60 }],
        series: [
          { label: t('chart.time') },
          { label: t('chart.min', { name }), stroke: color, width: 1 },
          { label: t('chart.max', { name }), stroke: color, width: 1 },
        ],
        bands: [{ series: [2, 1], fill: color + '33' }],
        tzDate: (ts: number) => {
          const d = new Date(ts * 1000);
          return new Date(
            d.getUTCFullYear(),
            d.getUTCMonth(),
            d.getUTCDate(),
            d.getUTCHours(),
            d.getUTCMinutes(),
          );
        },
      };
      const data: uPlot.AlignedData = [series.t, series.min[i], series.max[i]];
      return { name, opts, data };
    });
  }, [series, t]);

  if (error) return <p className="notice error">{error}</p>;
  if (!series) return <p className="muted">{t('common.loading')}</p>;
  if (series.rawRows === 0) return <p className="muted">{t('explore.noTelemetry')}</p>;
  return (
    <div className="telemetry">
      <p className="muted small">
        {t('explore.telemetryPoints', { raw: num(series.rawRows), shown: num(series.t.length) })}
      </p>
      {charts.map((c) => (
        <div key={c.name} className="sensor-chart">
          <div className="sensor-name">{c.name}</div>
          <UPlotChart
            options={c.opts}
            data={c.data}
            label={t('explore.sensorChart', { sensor: c.name, machine: machineName })}
          />
        </div>
      ))}
    </div>
  );
}
