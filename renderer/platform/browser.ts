/**
 * The browser build's host: the engine worker keeps the plant in the origin-private
 * file system, files come from <input type=file> and drag and drop, "save as" and CSV
 * export are downloads, printing is window.print.
 */
import { download, type Platform } from './platform';

export const browserPlatform: Platform = {
  kind: 'browser',
  persistMode: 'opfs',
  pickImport: null,
  openPlant: null,
  newPlant: null,
  async afterChange() {
    /* the worker has already written OPFS */
  },
  unsavedChanges: () => false,
  async detachFile() {
    /* every plant has its own place in the browser */
  },
  async saveAs(bytes, name) {
    download(name, bytes as Uint8Array<ArrayBuffer>, 'application/vnd.sqlite3');
  },
  async saveText(name, text, mime) {
    download(name, text, mime);
  },
  async print() {
    window.print();
  },
  async saveModelFile(name, text) {
    download(name, text, 'application/json');
    return true;
  },
  openModelFile: null,
  savePdf: null,
  openRecent: null,
  scheduleFolders: null,
  onMenuCommand: null,
};
