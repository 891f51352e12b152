/**
 * The health ranking's shapes, shared by the health module (workers/health), the
 * engine API, the CLI and the renderer. The health ranking ranks machines (and, where
 * a signal is known to watch a component, components) by how unusual their recent
 * behaviour is, without any failure labels: each machine against its own recent
 * baseline and against machines of the same type. It is "unusual behaviour", never
 * "failure risk".
 */

/** Where a signal's usual value comes from. */
export type HealthBasis =
  /** The machine's own trailing baseline (median and robust spread). */
  | 'own'
  /** Machines of the same type (model) at the same time. */
  | 'peers'
  /** The plant's usual interval between replacements of the component. */
  | 'replacements';

/** One reason a machine looks unusual, strongest first in `HealthRow.signals`. */
export interface HealthSignal {
  /**
   * Feature key as in docs/FEATURES.md (`volt_mean_24`, `error1_count_24`,
   * `comp2_days_since_replace`), so the UI can label it like the risk reasons.
   */
  feature: string;
  basis: HealthBasis;
  /** The machine's value at `HealthRow.asOf`, rounded as shown. */
  value: number;
  /** What is usual on that basis (median), rounded as shown. */
  center: number;
  /** Robust spread (1.4826 x MAD, or the basis's own spread measure); null when none. */
  spread: number | null;
  /** Signed robust z-score of the value against the basis. */
  z: number;
  /** 'high' or 'low' against what is usual. */
  direction: 'high' | 'low';
  /** Decimals value, center and spread are shown with. */
  digits: number;
  /** The machine type compared with when basis is 'peers'. */
  peerType?: string;
}

/** One ranked item: a machine, or a machine's component when a signal maps to it. */
export interface HealthRow {
  machineId: string;
  machineType: string | null;
  /** The component the signals watch (the plant's signal map, or replacements); null = the machine as a whole. */
  component: string | null;
  /** 0..100, higher = more unusual. */
  score: number;
  /** 'unusual' (top of the list, worth a look), 'watch', or 'normal'. */
  level: 'unusual' | 'watch' | 'normal';
  /** The observation time the score is for (epoch ms). */
  asOf: number;
  /** The reasons, strongest first (at most a handful). */
  signals: HealthSignal[];
}

/** Why the app opens on the health ranking rather than the failure risk. */
export type HealthDefaultReason =
  /** There is no active model that can score this plant. */
  | 'no-model'
  /** The plant has fewer labelled failures than `failuresNeeded`. */
  | 'few-failures'
  /** Enough failures and a model: the failure risk is the default view. */
  | 'model-ready';

export interface HealthRanking {
  /** The latest observation time ranked (epoch ms); null when the plant has no telemetry. */
  asOf: number | null;
  rows: HealthRow[];
  /** Failure records stored in the plant. */
  labelledFailures: number;
  /** Failures the plant needs before the failure risk becomes the default view. */
  failuresNeeded: number;
  defaultView: 'health' | 'risk';
  defaultReason: HealthDefaultReason;
  /** The plant's signal map: signal name (sensor or event type) -> component. */
  signalMap: Record<string, string>;
  /**
   * Components the plant names (replacements, failures) with fewer failure records
   * than `componentFailuresNeeded`: a model has too little to learn their risk from,
   * and the unusual-behaviour view is the one to read for them. Component order.
   */
  thinComponents?: Array<{ component: string; failures: number }>;
  /** Failure records a component needs before its failure risk is worth reading. */
  componentFailuresNeeded?: number;
}

/** What decides the view the app opens on: cheap to read (counts and the active model). */
export type HealthDefault = Pick<
  HealthRanking,
  | 'labelledFailures'
  | 'failuresNeeded'
  | 'defaultView'
  | 'defaultReason'
  | 'thinComponents'
  | 'componentFailuresNeeded'
>;
