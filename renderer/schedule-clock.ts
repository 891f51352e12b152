/**
 * The schedule clock inside the app. Browser build: while the app is open it checks
 * due and missed slots at start, every 30 s, and when the page becomes visible, the
 * network comes back or the window gets focus (a laptop waking up). Desktop: the main
 * process keeps the clock and ticks (at launch, every 30 s, on resume); the renderer
 * runs the slots in the engine worker and hands main the bytes at each save point.
 * A run that finds risks at or above the high threshold raises a notification: the
 * desktop's, or the browser's only when permission was already granted (never asked
 * for on load), and always an in-app notice. In the browser only one tab keeps a
 * plant's clock (a Web Lock per plant, and never a read-only tab), so two open tabs
 * never run the same slot twice.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import * as Comlink from 'comlink';
import type { DueReport, RiskAlert } from '../workers/app/schedule-types';
import { useApp } from './app-state';
import { call } from './engine-client';
import { useI18n, type I18n } from './i18n/i18n';
import { platform } from './platform';

/** How often the browser build checks (the desktop main process ticks at the same rate). */
export const CHECK_INTERVAL_MS = 30_000;
/** Web Lock name (plus the plant's id): the tab holding it runs that plant's schedule clock. */
const CLOCK_LOCK = 'pdm-schedule-clock';

type Listener = (report: DueReport) => void;
const listeners = new Set<Listener>();
let inFlight: Promise<DueReport | null> | null = null;
/** What the mounted clock does after a check that changed something (reload, alert). */
let afterHook: (r: DueReport) => Promise<void> | void = () => undefined;

/** Called after every check or "Run now" that changed something (the screens reload). */
export function onScheduleChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The desktop saves the plant file at each save point of a run. */
function persistHook(): (() => Promise<void>) | undefined {
  if (platform.kind !== 'desktop') return undefined;
  return Comlink.proxy(() => platform.afterChange(() => call((e) => e.exportBytes())));
}

/** The desktop's schedule folders, handed to the engine worker (watched import, list files). */
function foldersHook() {
  const f = platform.scheduleFolders;
  return f ? Comlink.proxy(f.access) : undefined;
}

/** Shows an alert outside the app (desktop notification, or a granted browser one). */
export function notifyOutside(title: string, body: string): void {
  if (typeof window === 'undefined') return;
  if (window.pdm) {
    void window.pdm.notify(title, body).catch(() => undefined);
    return;
  }
  if ('Notification' in window && Notification.permission === 'granted') {
    try {
      new Notification(title, { body, tag: 'pdm-risk' });
    } catch {
      /* some browsers only allow notifications from a service worker */
    }
  }
}

async function runChecked(
  fn: () => Promise<DueReport>,
  after: (r: DueReport) => Promise<void> | void,
): Promise<DueReport | null> {
  if (inFlight) return null;
  const p = (async () => {
    const r = await fn();
    if (!r.busy && (r.finished.length || r.recorded)) {
      await after(r);
      for (const l of listeners) l(r);
    }
    return r;
  })();
  inFlight = p;
  try {
    return await p;
  } finally {
    inFlight = null;
  }
}

function alertBody(t: I18n['t'], pct: I18n['pct'], a: RiskAlert): string {
  return t('sched.alertBody', {
    name: a.scheduleName,
    n: a.highRisks,
    risk: pct(a.maxRisk),
    run: a.runId,
  });
}

/** Mounted once by the app shell; returns the latest in-app alert and a way to dismiss it. */
export function useScheduleClock(): { alert: string | null; dismiss(): void } {
  const { summary, thresholds, changed, setError, plantAccess } = useApp();
  const { t, pct } = useI18n();
  // Kept as the engine's figures and worded at render, so it follows the language switch.
  const [alert, setAlert] = useState<RiskAlert | null>(null);
  // Latest values for the long-lived listeners below, without re-subscribing.
  const live = useRef({ thresholds, changed, t, pct, setError });

  // Stable (they read the rest through `live`), so the clock below never re-subscribes.
  const after = useCallback(async (r: DueReport) => {
    const { changed, t, pct } = live.current;
    await changed();
    const a: RiskAlert | undefined = r.alerts[0];
    if (a) {
      setAlert(a);
      notifyOutside(t('sched.alertTitle'), alertBody(t, pct, a));
    }
  }, []);

  const check = useCallback(
    (nowMs: number) =>
      runChecked(
        () =>
          call((e) =>
            e.sched.runDue(nowMs, live.current.thresholds.high, persistHook(), foldersHook()),
          ),
        after,
      ).catch((e: Error) => live.current.setError(e.message)),
    [after],
  );

  useEffect(() => {
    live.current = { thresholds, changed, t, pct, setError };
    afterHook = after;
  });

  const hasPlant = summary !== null;
  // A read-only tab runs nothing: the tab holding the plant keeps its clock (in the
  // browser build, only once this tab is known to hold it).
  const enabled = hasPlant && (platform.persistMode !== 'opfs' || plantAccess?.readOnly === false);
  const clockLock = `${CLOCK_LOCK}:${plantAccess?.id ?? ''}`;
  useEffect(() => {
    if (!enabled) return;
    if (platform.kind === 'desktop' && window.pdm) {
      const off = window.pdm.onDueRuns((tick) => void check(tick.now));
      void check(Date.now()); // the launch tick may have come before this listener
      return off;
    }
    // One tab keeps the clock: two tabs of the same origin would each run every slot.
    // The Web Lock is held while this tab is open; another tab takes over when it closes.
    let stop = () => {};
    const start = () => {
      void check(Date.now());
      const timer = setInterval(() => void check(Date.now()), CHECK_INTERVAL_MS);
      const wake = () => {
        if (document.visibilityState === 'visible') void check(Date.now());
      };
      document.addEventListener('visibilitychange', wake);
      window.addEventListener('online', wake);
      window.addEventListener('focus', wake);
      stop = () => {
        clearInterval(timer);
        document.removeEventListener('visibilitychange', wake);
        window.removeEventListener('online', wake);
        window.removeEventListener('focus', wake);
      };
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) {
      start();
      return () => stop();
    }
    const ac = new AbortController();
    let release = () => {};
    locks
      .request(clockLock, { signal: ac.signal }, () => {
        start();
        return new Promise<void>((r) => (release = r));
      })
      .catch(() => undefined); // aborted before it was granted
    return () => {
      ac.abort();
      stop();
      release();
    };
  }, [enabled, check, clockLock]);

  return { alert: alert && alertBody(t, pct, alert), dismiss: () => setAlert(null) };
}

/**
 * "Run now" from the Schedules screen: one run at this instant, alerting like a
 * scheduled one. Resolves null when a check was already going (try again shortly).
 */
export function runScheduleNow(
  scheduleId: number,
  highThreshold: number,
): Promise<DueReport | null> {
  return runChecked(
    () =>
      call((e) =>
        e.sched.runNow(scheduleId, Date.now(), highThreshold, persistHook(), foldersHook()),
      ),
    (r) => afterHook(r),
  );
}
