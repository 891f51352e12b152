/**
 * Shared state of the app shell: the open plant's summary, the current route (kept in
 * location.hash so a reload stays on the same screen), the open plant's risk thresholds
 * (kept in its file) and the rows picked for printing.
 *
 * Picks belong to one plant and one scoring run: a list a technician signs must hold
 * the rows picked in the run it prints, so picks are held with the (plant, run) they
 * were made in, and asking for another run's or another plant's picks gives none.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { PlantSummary } from '../workers/app/api-types';
import {
  call,
  onEngineFailure,
  setNamedErrorText,
  setPersistMode,
  setSaidErrorText,
} from './engine-client';
import { engineErrorText } from './components/engine-error-text';
import { useI18n } from './i18n/i18n';
import { platform } from './platform';
import { claimPlant, releasePlant, rememberTabPlant, whenTakenOver } from './plant-tabs';
import * as Comlink from 'comlink';

export interface Thresholds {
  /** Risk at or above this is high. */
  high: number;
  /** Risk at or above this (and below high) is medium; below it, low. */
  medium: number;
}

/** Shown before a plant is open; each plant keeps its own in its file (plant settings). */
export const DEFAULT_THRESHOLDS: Thresholds = { high: 0.5, medium: 0.2 };

export type RiskLevel = 'high' | 'medium' | 'low';
export function riskLevel(p: number, th: Thresholds): RiskLevel {
  return p >= th.high ? 'high' : p >= th.medium ? 'medium' : 'low';
}

export interface Route {
  screen: string;
  param: string | null;
}

export function parseHash(hash: string): Route {
  const [screen = '', param = null] = hash.replace(/^#\/?/, '').split('/');
  return { screen, param: param || null };
}

/**
 * The browser build's hold on the open plant: `readOnly` when another tab has it (this
 * tab shows it and saves nothing), `takenOver` when that tab took it from this one.
 */
export interface PlantAccess {
  id: string;
  readOnly: boolean;
  takenOver: boolean;
}

export interface AppState {
  ready: boolean;
  /** This tab's hold on the open plant (browser build); null on the desktop or with none open. */
  plantAccess: PlantAccess | null;
  /** Takes the open plant over from the tab that holds it (that tab turns read-only). */
  takeOver(): Promise<void>;
  summary: PlantSummary | null;
  route: Route;
  navigate(screen: string, param?: string | number | null): void;
  /** Re-reads the summary; call after every change. Saves on the desktop. */
  changed(): Promise<void>;
  refresh(): Promise<void>;
  /** The open plant's risk thresholds (kept in its file, used by its lists and schedules). */
  thresholds: Thresholds;
  /** Saves the plant's thresholds; rejects with the engine's FieldError when not valid. */
  setThresholds(t: Thresholds): Promise<void>;
  /**
   * Rows picked in the ranking of scoring run `runId` for its print view, as
   * `machineId|component`; empty for any run other than the one picked in, and after
   * another plant was opened.
   */
  pickedIn(runId: number | null | undefined): Set<string>;
  /** Replaces the picks with `keys` picked in run `runId` (drops other runs' picks). */
  setPicked(runId: number, keys: Set<string>): void;
  /** Call after a plant was opened, created or closed: drops the picks. */
  plantOpened(): void;
  error: string | null;
  setError(e: string | null): void;
}

interface Picks {
  /** The plant picked in (see plantKey). */
  plant: string;
  runId: number;
  keys: Set<string>;
}
const NO_KEYS: Set<string> = new Set();
const NO_PICKS: Picks = { plant: '', runId: -1, keys: NO_KEYS };

const AppContext = createContext<AppState | null>(null);

export function AppStateProvider({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const [summary, setSummary] = useState<PlantSummary | null>(null);
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  const [thresholds, setTh] = useState<Thresholds>(DEFAULT_THRESHOLDS);
  const [plantEpoch, setPlantEpoch] = useState(0);
  const [picks, setPicks] = useState<Picks>(NO_PICKS);
  const [error, setError] = useState<string | null>(null);
  const [plantAccess, setAccess] = useState<PlantAccess | null>(null);
  const i18n = useI18n();
  const { t } = i18n;

  useEffect(
    () =>
      setNamedErrorText({
        ReadOnlyPlantError: t('plants.readOnlyRefused'),
        PlantGoneError: t('plants.gone'),
      }),
    [t],
  );
  // Common engine errors (no plant open, no model, cancelled, ...) in the user's language.
  useEffect(() => setSaidErrorText((e) => engineErrorText(i18n, e)), [i18n]);

  // A change refused in a read-only tab is said in the app's notice even where the
  // screen that asked for it does not catch the refusal itself.
  useEffect(() => {
    const onRejection = (e: PromiseRejectionEvent) => {
      const reason = e.reason as { name?: unknown; message?: unknown } | null;
      if (reason?.name !== 'ReadOnlyPlantError') return;
      e.preventDefault();
      setError(String(reason.message));
    };
    window.addEventListener('unhandledrejection', onRejection);
    return () => window.removeEventListener('unhandledrejection', onRejection);
  }, []);

  // The engine worker died (out of memory, an uncaught error): say so in the app's
  // error notice; the next call starts a new worker that reopens the saved plant.
  useEffect(() => onEngineFailure((message) => setError(t('app.engineStopped', { message }))), [t]);

  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const refresh = useCallback(async () => {
    const s = await call((e) => e.summary());
    setSummary(s);
    setTh(s ? (await call((e) => e.settings())).thresholds : DEFAULT_THRESHOLDS);
  }, []);

  useEffect(() => {
    setPersistMode(platform.persistMode);
    // refresh() sets state only after its await (a false positive of this rule).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    refresh()
      .catch((e: Error) => setError(e.message))
      .finally(() => setReady(true));
  }, [refresh]);

  const changed = useCallback(async () => {
    await refresh();
    await platform.afterChange(() => call((e) => e.exportBytes()));
  }, [refresh]);

  // Browser build: after start and after every open, create or close, this tab claims
  // the open plant; when another tab holds it the engine turns read-only.
  const claim = useCallback(async (retries: number) => {
    if (platform.persistMode !== 'opfs') return;
    const cur = await call((e) => e.currentPlant());
    if (!cur) {
      releasePlant();
      rememberTabPlant(null);
      setAccess(null);
      return;
    }
    rememberTabPlant(cur.id);
    let ok = await claimPlant(cur.id);
    // A reload: the page being replaced may not have let go of the lock yet.
    for (let i = 0; !ok && i < retries; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ok = await claimPlant(cur.id);
    }
    await call((e) => e.setReadOnly(!ok));
    setAccess({ id: cur.id, readOnly: !ok, takenOver: false });
  }, []);

  useEffect(() => {
    if (!ready) return;
    // claim() sets state only after its awaits (a false positive of this rule).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    claim(plantEpoch === 0 ? 3 : 0).catch((e: Error) => setError(e.message));
  }, [ready, plantEpoch, claim]);

  useEffect(() => {
    whenTakenOver((id) => {
      void call((e) => e.setReadOnly(true)).then(() =>
        setAccess({ id, readOnly: true, takenOver: true }),
      );
    });
  }, []);

  // A read-only tab follows the saves of the tab that holds its plant: its engine
  // reloads the plant and the screens read it again.
  useEffect(() => {
    if (platform.persistMode !== 'opfs') return;
    void call((e) => e.followOtherTabs(Comlink.proxy(() => void refresh()))).catch(() => undefined);
  }, [refresh]);

  const takeOver = useCallback(async () => {
    if (!plantAccess) return;
    await claimPlant(plantAccess.id, true);
    // The other tab may have saved since this one read the plant.
    await call((e) => e.reloadPlant());
    await call((e) => e.setReadOnly(false));
    setAccess({ id: plantAccess.id, readOnly: false, takenOver: false });
    await refresh();
  }, [plantAccess, refresh]);

  const navigate = useCallback((screen: string, param?: string | number | null) => {
    location.hash = '#/' + screen + (param !== undefined && param !== null ? '/' + param : '');
  }, []);

  const setThresholds = useCallback(
    async (t: Thresholds) => {
      const s = await call((e) => e.setThresholds(t));
      setTh(s.thresholds);
      await changed();
    },
    [changed],
  );

  // The plant the picks belong to: the session's open count plus the plant's name, so
  // picks never survive opening a plant (even one of the same name).
  const plantKey = `${plantEpoch}|${summary?.name ?? ''}`;
  const pickedIn = useCallback(
    (runId: number | null | undefined) =>
      runId != null && picks.plant === plantKey && picks.runId === runId ? picks.keys : NO_KEYS,
    [picks, plantKey],
  );
  const setPicked = useCallback(
    (runId: number, keys: Set<string>) => setPicks({ plant: plantKey, runId, keys }),
    [plantKey],
  );
  // Opening another run's ranking or print view starts that run with no picks (and
  // the picks of the run left are dropped, not kept for a later visit).
  // A param that is no run id (the ranking's `health` and `risk` views) shows the latest.
  const shownRun =
    route.screen === 'risks' || route.screen === 'print'
      ? route.param && /^\d+$/.test(route.param)
        ? Number(route.param)
        : (summary?.latestRunId ?? null)
      : undefined;
  // Adjusted while rendering (not in an effect) so the other run's picks never show.
  const [pickRun, setPickRun] = useState(shownRun);
  if (shownRun !== pickRun) {
    setPickRun(shownRun);
    if (shownRun !== undefined) setPicks((p) => (p.runId === shownRun ? p : NO_PICKS));
  }

  const plantOpened = useCallback(() => {
    setPlantEpoch((n) => n + 1);
    setPicks(NO_PICKS);
  }, []);

  const value = useMemo<AppState>(
    () => ({
      ready,
      plantAccess,
      takeOver,
      summary,
      route,
      navigate,
      changed,
      refresh,
      thresholds,
      setThresholds,
      pickedIn,
      setPicked,
      plantOpened,
      error,
      setError,
    }),
    [
      ready,
      plantAccess,
      takeOver,
      summary,
      route,
      navigate,
      changed,
      refresh,
      thresholds,
      setThresholds,
      pickedIn,
      setPicked,
      plantOpened,
      error,
    ],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppState {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside AppStateProvider');
  return v;
}
