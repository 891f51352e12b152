/**
 * The desktop host: everything goes through window.pdm (electron/ipc-contract.ts).
 * The main process owns the plant file, its lock and its atomic saves, so the worker
 * persists nothing itself and the renderer hands main the bytes after each change.
 */
import type { IpcResult, PdmApi } from '../ipc-types';
import { download, type Platform } from './platform';

function unwrap<T>(r: IpcResult<T>): T {
  if (r.ok) return r.value;
  throw new Error(r.error.message);
}

export function desktopPlatform(pdm: PdmApi): Platform {
  return {
    kind: 'desktop',
    persistMode: 'none',
    async pickImport(folder) {
      const files = unwrap(await (folder ? pdm.pickImportFolder() : pdm.pickImportFiles()));
      return files ? files.map((f) => ({ name: f.name, bytes: f.bytes })) : null;
    },
    async openPlant() {
      const opened = unwrap(await pdm.openPlant());
      return opened ? { name: opened.name, bytes: opened.bytes } : null;
    },
    async newPlant() {
      const ref = unwrap(await pdm.newPlant());
      return ref ? { name: ref.name } : null;
    },
    async afterChange(getBytes) {
      unwrap(await pdm.savePlant(await getBytes()));
    },
    async saveAs(bytes) {
      unwrap(await pdm.savePlantAs(bytes));
    },
    async saveText(name, text, mime) {
      download(name, text, mime);
    },
    async print() {
      unwrap(await pdm.printMaintenanceList());
    },
    async savePdf(name) {
      unwrap(await pdm.savePdf(name));
    },
  };
}
