/**
 * The plant's signal map (meta `health_map`): which sensor or error type watches which
 * component, as a planner knows it from the equipment ("vibration watches the
 * bearing"). With it, the health ranking scores (machine, component) rows from the
 * signals mapped to the component; signals left out score the machine as a whole.
 */
import type { Store } from '../store/store';
import { eventNames } from '../store/events-store';
import { FieldError } from '../shared/field-error';

const META_KEY = 'health_map';
/** Longest component name the map keeps (imported names are refused past 200 too). */
const MAX_NAME = 200;

/** The signals a map may name: the plant's sensors and error types. */
export interface MapVocabulary {
  sensors: string[];
  errorTypes: string[];
  /** Components of the maintenance and failure records (names only, no dates). */
  components: string[];
}

export function mapVocabulary(store: Store): MapVocabulary {
  return {
    sensors: store.sensors().map((s) => s.name),
    errorTypes: eventNames(store, 'errors').sort(),
    components: [...new Set([...eventNames(store, 'maint'), ...eventNames(store, 'failures')])],
  };
}

/**
 * Checks a map against the plant; the first bad entry as a FieldError ('signal' or
 * 'component', with the entry in params), nothing stored. A component is known when the
 * plant's maintenance or failure records name it, or the current map already does
 * (a plant set up before its first replacement was imported).
 */
export function checkSignalMap(
  map: Record<string, string>,
  vocab: MapVocabulary,
  current: Record<string, string> = {},
): Record<string, string> {
  if (!map || typeof map !== 'object' || Array.isArray(map)) {
    throw new FieldError('signal', 'not-a-map', 'the signal map must be signal -> component pairs');
  }
  const signals = new Set([...vocab.sensors, ...vocab.errorTypes]);
  const components = new Set([...vocab.components, ...Object.values(current)]);
  const out: Record<string, string> = {};
  for (const [rawSignal, rawComponent] of Object.entries(map)) {
    const signal = String(rawSignal).trim();
    const component = typeof rawComponent === 'string' ? rawComponent.trim() : '';
    const params = { signal, component };
    if (!signals.has(signal)) {
      throw new FieldError(
        'signal',
        'unknown-signal',
        `'${signal}' is neither a sensor nor an error type of this plant` +
          ` (sensors: ${vocab.sensors.join(', ') || 'none'}; error types: ${vocab.errorTypes.join(', ') || 'none'})`,
        { ...params, sensors: vocab.sensors.join(', '), errorTypes: vocab.errorTypes.join(', ') },
      );
    }
    if (component === '') {
      throw new FieldError(
        'component',
        'empty-component',
        `'${signal}' needs a component name`,
        params,
      );
    }
    if (component.length > MAX_NAME) {
      throw new FieldError(
        'component',
        'too-long',
        `the component of '${signal}' is longer than ${MAX_NAME} characters`,
        { ...params, max: MAX_NAME },
      );
    }
    if (!components.has(component)) {
      throw new FieldError(
        'component',
        'unknown-component',
        `'${component}' (for '${signal}') is not a component of this plant's maintenance or failure records` +
          ` (known: ${[...components].sort().join(', ') || 'none'})`,
        { ...params, components: [...components].sort().join(', ') },
      );
    }
    out[signal] = component;
  }
  return out;
}

/** The plant's signal map ({} when never set; a damaged value reads as none). */
export function plantSignalMap(store: Store): Record<string, string> {
  const v = store.getMeta(META_KEY);
  if (!v) return {};
  try {
    const parsed = JSON.parse(v) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [k, c] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof c === 'string' && c !== '') out[k] = c;
    }
    return out;
  } catch {
    return {};
  }
}

/** Replaces the plant's signal map after checking every entry ({} clears it). */
export function setPlantSignalMap(
  store: Store,
  map: Record<string, string>,
): Record<string, string> {
  const checked = checkSignalMap(map, mapVocabulary(store), plantSignalMap(store));
  store.setMeta(META_KEY, JSON.stringify(checked));
  return checked;
}

/**
 * `volt=comp1,error1=comp1` as typed on the command line, as a map; RangeError naming
 * the bad part.
 */
export function parseSignalMapText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new RangeError(`'${part}' is not SIGNAL=COMPONENT (e.g. vibration=comp4)`);
    }
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
