/**
 * A small typed translation layer: t(key, vars) over flat message tables (en.ts, ko.ts
 * with identical keys, checked by a unit test), and Intl formatters for the chosen
 * locale. The choice is kept in localStorage and can change at any time.
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
import { en, type MessageKey } from './en';
import { ko } from './ko';

export type Locale = 'en' | 'ko';
export const LOCALES: Locale[] = ['en', 'ko'];
const TABLES: Record<Locale, Record<MessageKey, string>> = { en, ko };
const STORAGE_KEY = 'pdm.locale';

export type Vars = Record<string, string | number>;

export interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: MessageKey, vars?: Vars): string;
  /** Translation of a key built at run time (engine phase names), or the fallback. */
  tOr(key: string, fallback: string): string;
  num(n: number, digits?: number): string;
  pct(p: number, digits?: number): string;
  /** Plant time (seconds, wall time read as UTC) as a date. */
  date(t: number): string;
  /** Plant time as date and time. */
  dateTime(t: number): string;
  /** A real instant (ISO string or epoch ms) in the user's zone. */
  instant(v: string | number): string;
}

/** Replaces {name} placeholders. */
export function interpolate(s: string, vars?: Vars): string {
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ko') return saved;
  } catch {
    /* storage unavailable */
  }
  return typeof navigator !== 'undefined' && navigator.language?.startsWith('ko') ? 'ko' : 'en';
}

export function makeI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const table = TABLES[locale];
  const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
  const dateF = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const dtF = new Intl.DateTimeFormat(tag, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const localF = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const numFs = new Map<number, Intl.NumberFormat>();
  const numF = (d: number) => {
    let f = numFs.get(d);
    if (!f) numFs.set(d, (f = new Intl.NumberFormat(tag, { maximumFractionDigits: d })));
    return f;
  };
  // Formatters are cached: building an Intl formatter costs far more than using one, and
  // the virtualised ranking formats every visible row on each scrolled frame.
  const pctFs = new Map<number, Intl.NumberFormat>();
  const pctF = (d: number) => {
    let f = pctFs.get(d);
    if (!f) {
      f = new Intl.NumberFormat(tag, {
        style: 'percent',
        minimumFractionDigits: d,
        maximumFractionDigits: d,
      });
      pctFs.set(d, f);
    }
    return f;
  };
  return {
    locale,
    setLocale,
    t: (key, vars) => interpolate(table[key] ?? en[key] ?? key, vars),
    tOr: (key, fallback) => (table as Record<string, string>)[key] ?? fallback,
    num: (n, digits = 0) => (Number.isFinite(n) ? numF(digits).format(n) : '—'),
    pct: (p, digits = 0) => (Number.isFinite(p) ? pctF(digits).format(p) : '—'),
    date: (t) => (Number.isFinite(t) ? dateF.format(new Date(t * 1000)) : '—'),
    dateTime: (t) => (Number.isFinite(t) ? dtF.format(new Date(t * 1000)) : '—'),
    instant: (v) => {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? String(v) : localF.format(d);
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n('en', () => undefined));

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    setState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* storage unavailable: the choice lasts for this session */
    }
  }, []);
  const value = useMemo(() => makeI18n(locale, setLocale), [locale, setLocale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
