/**
 * Sandboxed preload (built to dist/electron/preload.cjs): exposes the one narrow
 * `window.pdm` object from the IPC contract. ipcRenderer itself is never exposed, and
 * this is the only file that touches it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildPdmApi } from './preload-api';

contextBridge.exposeInMainWorld('pdm', buildPdmApi(ipcRenderer));
