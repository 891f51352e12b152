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

/**
 * Schedule folders through main. Main decides which folders are usable: only those the
 * user chose in its folder dialog for the open plant file (remembered by main). A plant
 * file from elsewhere names folders that are not confirmed here yet: `status` lists
 * them and `pick(purpose, dir)` opens the dialog at one to confirm it. Runs that meet an
 * unconfirmed folder fail with main's message naming it.
 */
function scheduleFolders(pdm: PdmApi): NonNullable<Platform['scheduleFolders']> {
  return {
    async pick(purpose, current) {
      return unwrap(await pdm.pickFolder(purpose, current));
    },
    async status(dirs) {
      return dirs.length ? unwrap(await pdm.scheduleFolderStatus(dirs)) : [];
    },
    access: {
      async scan(dir, knownHashes) {
        return unwrap(await pdm.scanWatchedFolder(dir, knownHashes));
      },
      async writeFiles(dir, files) {
        return unwrap(await pdm.writeListFiles(dir, files));
      },
    },
  };
}

export function desktopPlatform(pdm: PdmApi): Platform {
  // Changes not yet in a file: set when a save finds no file (the demo plant), cleared
  // by the next save to a file or a Save As.
  let unsaved = false;
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
      const r = await pdm.savePlant(await getBytes());
      // No file yet (the demo plant, or a plant not saved): keep the change in the app,
      // mark it unsaved so closing asks, and let the user choose a file with Save As.
      if (!r.ok && r.error.code === 'no-file') {
        unsaved = true;
        unwrap(await pdm.setDirty(true));
        return;
      }
      unwrap(r);
      unsaved = false;
    },
    unsavedChanges: () => unsaved,
    async detachFile() {
      unwrap(await pdm.closePlantFile());
      unsaved = false;
      unwrap(await pdm.setDirty(false));
    },
    async saveAs(bytes) {
      if (unwrap(await pdm.savePlantAs(bytes))) unsaved = false;
    },
    async saveText(name, text, mime) {
      download(name, text, mime);
    },
    async print() {
      unwrap(await pdm.printMaintenanceList());
    },
    async saveModelFile(name, text) {
      return unwrap(await pdm.saveModelFile(name, text)) !== null;
    },
    async openModelFile() {
      return unwrap(await pdm.openModelFile());
    },
    async savePdf(name) {
      unwrap(await pdm.savePdf(name));
    },
    async openRecent(path) {
      const opened = unwrap(await pdm.openRecent(path));
      return opened ? { name: opened.name, bytes: opened.bytes } : null;
    },
    scheduleFolders: scheduleFolders(pdm),
    onMenuCommand: (callback) => pdm.onMenuCommand(callback),
  };
}
