/** A small plant whose one sensor warns of failures: shared by the model-choice tests. */
import { BASE } from '../features/fixtures';
import { DAY, HOUR } from '../../../workers/shared/time';

/** Hourly volt for 4 machines over 60 days; volt is high in the week before a failure. */
export function voltBeforeFailures() {
  const telemetry: (number | null)[][] = [];
  const failures: [number, number, string][] = [];
  for (let m = 1; m <= 4; m++) {
    for (let d = 5 + 3 * m; d < 60; d += 20) failures.push([m, BASE + d * DAY + 5 * HOUR, 'comp1']);
    for (let h = 0; h < 60 * 24; h++) {
      const t = BASE + h * HOUR;
      const near = failures.some(([mm, f]) => mm === m && f > t && f - t < 7 * DAY);
      telemetry.push([m, t, 170 + (near ? 40 : 0) + ((h * 7 + m) % 11)]);
    }
  }
  return {
    sensors: ['volt'],
    telemetry,
    errors: [] as [number, number, string][],
    maint: [] as [number, number, string][],
    failures,
    machines: [1, 2, 3, 4].map((m) => [m, 'model1', 5] as [number, string, number]),
  };
}
