/** Web Worker entry for forest training (browser/Electron renderer); only exposes the API. */
import * as Comlink from 'comlink';
import { createForestWorkerApi } from './worker-api';

Comlink.expose(createForestWorkerApi());
