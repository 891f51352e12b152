/**
 * The maintenance list of one scoring run, ready to write: the run's ranking above the
 * threshold with the page header (plant, date, run, model). Shared by `pdm print`, the
 * headless schedule runner and the app so every list is the same document.
 */
import type { Store } from '../store/store';
import { getModel } from '../model/model-store';
import { riskRanking } from '../score/risk-ranking';
import { plantThresholds } from '../store/plant-settings';
import type { StaleInfo } from '../score/stale';
import {
  maintenanceListCsv,
  maintenanceListHtml,
  type ListHeader,
  type ListRow,
  type RiskLevels,
} from './maintenance-list';

export interface ListRequest {
  /** Default: the latest successful run. */
  runId?: number;
  /** Rows at or above this risk. Default: the plant's high threshold. */
  minRisk?: number;
  /** High / medium thresholds, printed as each row's level. Default: the plant's. */
  levels?: RiskLevels;
  plant: string;
  /** When the list was made, as printed on it. */
  generated: Date;
  /** List machines without recent data too (default: left out, counted in the header). */
  includeStale?: boolean;
}

export interface RunList {
  header: ListHeader;
  rows: ListRow[];
  /** The run's machines without recent data (left out unless `includeStale`). */
  stale: StaleInfo | null;
  html(): string;
  csv(): string;
}

/** Null when the plant has no scoring run yet. */
export function maintenanceListForRun(store: Store, req: ListRequest): RunList | null {
  const levels = req.levels ?? plantThresholds(store);
  const minRisk = req.minRisk ?? levels.high;
  const { run, rows, stale } = riskRanking(store, {
    runId: req.runId,
    minRisk,
    includeStale: req.includeStale,
  });
  if (!run) return null;
  const model = getModel(store, run.modelId);
  const header: ListHeader = {
    plant: req.plant,
    generated: req.generated.toISOString().slice(0, 16).replace('T', ' '),
    runId: run.id,
    runFinished: run.finished ?? run.started,
    modelId: model.id,
    modelNote: model.note,
    minRisk,
    levels,
    ...(stale && !stale.included && stale.machines.length && stale.cutoff !== null
      ? {
          leftOut: {
            count: stale.machines.length,
            failed: stale.machines.filter((m) => m.failedAt !== null).length,
            since: stale.cutoff,
            asOf: stale.asOf ?? stale.cutoff,
          },
        }
      : {}),
  };
  return {
    header,
    rows,
    stale,
    html: () => maintenanceListHtml(header, rows),
    csv: () => maintenanceListCsv(header, rows),
  };
}
