/**
 * The mapping editor's settings shared by the selected files: how timestamps read
 * (detected, day or month first, Excel, Unix time, a pattern, or a counter of cycles
 * with its unit and start), numbers and text encoding, where machine ids come from (a
 * column, one id, or the file name with a live example), whether the first line is a
 * header, the delimiter, how tags of a long file split, the component a failure flag
 * stands for, and "the last row of each machine is a failure".
 */
import { SelectField } from '../components/select-field';
import { TextField } from '../components/text-field';
import { Field } from './schedules/field';
import { useI18n } from '../i18n/i18n';
import {
  COUNTER_UNITS,
  DATE_MODES,
  DELIMITERS,
  machineFromName,
  NAME_WITHOUT_EXTENSION,
  TAG_MODES,
  type CounterUnit,
  type MachineMode,
  type SharedSettings,
} from './import-mapping';

const DECIMAL_MARKS = ['', '.', ','] as const;
const ENCODINGS = ['', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
const DECIMAL_KEYS = {
  '': 'import.detected',
  '.': 'import.decimal.point',
  ',': 'import.decimal.comma',
} as const;
const DATE_KEYS = {
  '': 'import.detected',
  DMY: 'import.date.dmy',
  MDY: 'import.date.mdy',
  excel: 'import.date.excel',
  'epoch-s': 'import.date.epochS',
  'epoch-ms': 'import.date.epochMs',
  custom: 'import.date.custom',
  counter: 'import.date.counter',
} as const;
const DELIMITER_KEYS = {
  '': 'import.detected',
  ',': 'map.delim.comma',
  ';': 'map.delim.semicolon',
  '\t': 'map.delim.tab',
  space: 'map.delim.space',
} as const;
const UNIT_KEYS = {
  s: 'map.unit.s',
  m: 'map.unit.m',
  h: 'map.unit.h',
  d: 'map.unit.d',
} as const;
const TAG_KEYS = {
  '': 'map.tag.sensor',
  dot: 'map.tag.dot',
  underscore: 'map.tag.underscore',
  custom: 'map.tag.custom',
} as const;

export function SharedOptions({
  s,
  set,
  fileNames,
  hasFlag,
  hasTag,
}: {
  s: SharedSettings;
  set(patch: Partial<SharedSettings>): void;
  fileNames: string[];
  /** Some column is read as a failure flag: ask which component it stands for. */
  hasFlag: boolean;
  /** Some column is read as a tag (long file): ask how tags split. */
  hasTag: boolean;
}) {
  const { t } = useI18n();
  const nameExample = fileNames[0] ? machineFromName(s.namePattern, fileNames[0]) : null;
  return (
    <fieldset className="import-options">
      <legend>{t('import.options')}</legend>
      <div className="form-grid">
        <SelectField
          label={t('import.dateFormat')}
          hint={t('import.dateHelp')}
          value={s.dateMode}
          options={DATE_MODES}
          text={(m) => t(DATE_KEYS[m])}
          onChange={(dateMode) => set({ dateMode })}
        />
        {s.dateMode === 'custom' && (
          <TextField
            label={t('import.pattern')}
            hint={t('import.patternHelp')}
            error={s.pattern.trim() === '' ? t('import.patternMissing') : undefined}
            className="pattern"
            code
            placeholder="D/M/YY HH:mm"
            value={s.pattern}
            onChange={(pattern) => set({ pattern })}
          />
        )}
        {s.dateMode === 'counter' && (
          <>
            <Field
              label={t('map.counterEvery')}
              error={!(Number(s.counterEvery) > 0) ? t('map.counterMissing') : undefined}
            >
              {({ id, describedBy }) => (
                <span className="inline-pair">
                  <input
                    id={id}
                    aria-describedby={describedBy}
                    className="short"
                    inputMode="decimal"
                    value={s.counterEvery}
                    onChange={(e) => set({ counterEvery: e.target.value })}
                  />
                  <select
                    aria-label={t('map.counterUnit')}
                    value={s.counterUnit}
                    onChange={(e) => set({ counterUnit: e.target.value as CounterUnit })}
                  >
                    {COUNTER_UNITS.map((u) => (
                      <option key={u} value={u}>
                        {t(UNIT_KEYS[u])}
                      </option>
                    ))}
                  </select>
                </span>
              )}
            </Field>
            <TextField
              label={t('map.counterStart')}
              hint={t('map.counterStartHelp')}
              placeholder="2000-01-01 00:00"
              value={s.counterStart}
              onChange={(counterStart) => set({ counterStart })}
            />
          </>
        )}
        <SelectField
          label={t('import.decimalMark')}
          value={s.decimalMark}
          options={DECIMAL_MARKS}
          text={(m) => t(DECIMAL_KEYS[m])}
          onChange={(decimalMark) => set({ decimalMark })}
        />
        <SelectField
          label={t('import.encoding')}
          value={s.encoding}
          options={ENCODINGS}
          text={(m) => (m ? m.toUpperCase().replace('WINDOWS', 'Windows') : t('import.detected'))}
          onChange={(encoding) => set({ encoding })}
        />
        <SelectField
          label={t('map.delimiter')}
          value={s.delimiter}
          options={DELIMITERS}
          text={(d) => t(DELIMITER_KEYS[d])}
          onChange={(delimiter) => set({ delimiter })}
        />
      </div>

      <div className="form-grid">
        <Field label={t('map.firstLine')}>
          {({ id }) => (
            <select
              id={id}
              value={s.header ? 'header' : 'data'}
              onChange={(e) => set({ header: e.target.value === 'header' })}
            >
              <option value="header">{t('map.firstLineHeader')}</option>
              <option value="data">{t('map.firstLineData')}</option>
            </select>
          )}
        </Field>
        {!s.header && (
          <TextField
            label={t('map.columnNames')}
            hint={t('map.columnNamesHelp')}
            className="wide"
            code
            placeholder="time, machine, volt, rotate"
            value={s.columnNames}
            onChange={(columnNames) => set({ columnNames })}
          />
        )}
        <Field label={t('map.machineIds')}>
          {({ id }) => (
            <select
              id={id}
              value={s.machineMode}
              onChange={(e) => {
                const mode = e.target.value as MachineMode;
                set({
                  machineMode: mode,
                  ...(mode === 'name' && !s.namePattern
                    ? { namePattern: NAME_WITHOUT_EXTENSION }
                    : {}),
                });
              }}
            >
              <option value="">{t('map.machine.column')}</option>
              <option value="fixed">{t('map.machine.fixed')}</option>
              <option value="name">{t('map.machine.name')}</option>
            </select>
          )}
        </Field>
        {s.machineMode === 'fixed' && (
          <TextField
            label={t('map.machineId')}
            error={s.machineId.trim() === '' ? t('map.machineIdMissing') : undefined}
            value={s.machineId}
            onChange={(machineId) => set({ machineId })}
          />
        )}
        {s.machineMode === 'name' && (
          <Field
            label={t('map.namePattern')}
            hint={
              nameExample && 'id' in nameExample
                ? t('map.nameGives', { file: fileNames[0], id: nameExample.id })
                : t('map.namePatternHelp')
            }
            error={
              nameExample && 'error' in nameExample
                ? t(nameExample.error === 'invalid' ? 'map.patternInvalid' : 'map.nameNoMatch')
                : undefined
            }
          >
            {({ id, describedBy }) => (
              <span className="inline-pair">
                <input
                  id={id}
                  aria-describedby={describedBy}
                  className="pattern"
                  spellCheck={false}
                  autoComplete="off"
                  value={s.namePattern}
                  onChange={(e) => set({ namePattern: e.target.value })}
                />
                {s.namePattern !== NAME_WITHOUT_EXTENSION && (
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => set({ namePattern: NAME_WITHOUT_EXTENSION })}
                  >
                    {t('map.wholeName')}
                  </button>
                )}
              </span>
            )}
          </Field>
        )}
      </div>

      <div className="form-grid">
        {(hasTag || s.tagMode !== '') && (
          <SelectField
            label={t('map.tagSplit')}
            hint={t('map.tagHelp')}
            value={s.tagMode}
            options={TAG_MODES}
            text={(m) => t(TAG_KEYS[m])}
            onChange={(tagMode) => set({ tagMode })}
          />
        )}
        {s.tagMode === 'custom' && (
          <TextField
            label={t('map.tagPattern')}
            hint={t('map.tagPatternHelp')}
            className="pattern"
            code
            placeholder="(?<machine>[^.]+)\.(?<sensor>.+)"
            value={s.tagPattern}
            onChange={(tagPattern) => set({ tagPattern })}
          />
        )}
        {(hasFlag || s.failureComponent !== '') && (
          <TextField
            label={t('map.failureComponent')}
            hint={t('map.failureComponentHelp')}
            placeholder="failure"
            value={s.failureComponent}
            onChange={(failureComponent) => set({ failureComponent })}
          />
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={s.atEnd}
            onChange={(e) => set({ atEnd: e.target.checked })}
          />{' '}
          {t('map.atEnd')}
        </label>
        {s.atEnd && (
          <TextField
            label={t('map.atEndComponent')}
            error={s.atEndComponent.trim() === '' ? t('map.atEndMissing') : undefined}
            value={s.atEndComponent}
            onChange={(atEndComponent) => set({ atEndComponent })}
          />
        )}
      </div>
    </fieldset>
  );
}
