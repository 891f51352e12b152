/**
 * Model files on the Model screen: export a model (a download in the browser, a save
 * dialog on the desktop) and import one (a file input in the browser, an open dialog on
 * the desktop). The engine refuses a damaged or foreign file, or a model that does not
 * fit this plant, with a code; the refusal is worded here in the user's language.
 */
import { useState } from 'react';
import type {
  ModelExportResult,
  ModelFileRefusal,
  ModelImportResult,
} from '../../workers/app/api-types';
import { call } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { platform } from '../platform';

/** The words of each refusal code (`model.file.<code>`). */
const REFUSAL_KEYS: Record<ModelFileRefusal['code'], MessageKey> = {
  'not-json': 'model.file.not-json',
  'not-model-file': 'model.file.not-model-file',
  'newer-version': 'model.file.newer-version',
  'bad-version': 'model.file.bad-version',
  'missing-field': 'model.file.missing-field',
  checksum: 'model.file.checksum',
  damaged: 'model.file.damaged',
  'too-large': 'model.file.too-large',
  'cadence-mismatch': 'model.file.cadence-mismatch',
  'feature-mismatch': 'model.file.feature-mismatch',
};

/** Largest file the browser reads as a model file (the engine refuses larger text too). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

type Outcome =
  | { kind: 'exported'; id: number; name: string }
  | { kind: 'export-refused'; id: number; detail: string }
  | { kind: 'imported'; id: number; name: string }
  | { kind: 'refused'; name: string; refusal: ModelFileRefusal };

/**
 * Export and import of model files; `onImported` reloads the list with the new model,
 * `onError` shows a failure of the host (a disk that refused the file, say).
 */
export function useModelFiles(
  onImported: (id: number) => Promise<void>,
  onError: (message: string) => void,
) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setOutcome(null);
    try {
      await fn();
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const exportModel = (id: number) =>
    run(async () => {
      // Comlink types a union result as a union of promises: one promise of the union.
      const r = await call((e) => e.exportModel(id) as Promise<ModelExportResult>);
      if (!r.ok) {
        setOutcome({ kind: 'export-refused', id, detail: r.refusal.params.detail ?? '' });
        return;
      }
      if (await platform.saveModelFile(r.fileName, r.text)) {
        setOutcome({ kind: 'exported', id, name: r.fileName });
      }
    });

  const importText = async (name: string, text: string) => {
    const r = await call((e) => e.importModel(name, text) as Promise<ModelImportResult>);
    if (r.ok) {
      setOutcome({ kind: 'imported', id: r.model.id, name });
      await onImported(r.model.id);
    } else setOutcome({ kind: 'refused', name, refusal: r.refusal });
  };

  const importFile = (f: File) =>
    run(async () => {
      if (f.size > MAX_FILE_BYTES) {
        setOutcome({
          kind: 'refused',
          name: f.name,
          refusal: { code: 'too-large', params: { max: String(MAX_FILE_BYTES / 2 ** 20) } },
        });
        return;
      }
      await importText(f.name, await f.text());
    });

  const importFromDialog = () =>
    run(async () => {
      const opened = await platform.openModelFile!();
      if (opened) await importText(opened.name, opened.text);
    });

  return { outcome, busy, exportModel, importFile, importFromDialog };
}

export function ModelFilesPanel({ files }: { files: ReturnType<typeof useModelFiles> }) {
  const { t } = useI18n();
  return (
    <div className="panel" data-testid="model-files">
      <h2>{t('model.files')}</h2>
      <p className="muted small">{t('model.filesHelp')}</p>
      <div className="actions">
        {platform.openModelFile ? (
          <button
            type="button"
            className="btn"
            disabled={files.busy}
            onClick={() => void files.importFromDialog()}
          >
            {t('model.import')}
          </button>
        ) : (
          <label className="btn file-btn">
            {t('model.import')}
            <input
              type="file"
              accept=".json,application/json"
              className="visually-hidden"
              aria-label={t('model.importFile')}
              data-testid="model-import-file"
              disabled={files.busy}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void files.importFile(f);
              }}
            />
          </label>
        )}
      </div>
      <FileOutcome outcome={files.outcome} />
    </div>
  );
}

function FileOutcome({ outcome }: { outcome: Outcome | null }) {
  const { t } = useI18n();
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'exported':
      return (
        <p className="muted" role="status">
          {t('model.exported', { id: outcome.id, name: outcome.name })}
        </p>
      );
    case 'imported':
      return (
        <p role="status" data-testid="model-imported">
          {t('model.imported', { id: outcome.id, name: outcome.name })}
        </p>
      );
    case 'export-refused':
      return (
        <p className="notice error" role="alert">
          {t('model.exportRefused', { id: outcome.id, detail: outcome.detail })}
        </p>
      );
    case 'refused': {
      const { code, params } = outcome.refusal;
      return (
        <div className="notice error" role="alert" data-testid="model-import-refused">
          <p>
            <strong>{t('model.file.refused', { name: outcome.name })}</strong>{' '}
            {t(REFUSAL_KEYS[code], { ...params, detail: params.detail ?? '' })}
          </p>
          {code === 'feature-mismatch' && params.missing && (
            <p className="small">{t('model.file.missing', { list: params.missing })}</p>
          )}
          {code === 'feature-mismatch' && params.extra && (
            <p className="small">{t('model.file.extra', { list: params.extra })}</p>
          )}
        </div>
      );
    }
  }
}
