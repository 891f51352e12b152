/**
 * The app's engine worker (browser build and desktop renderer): exposes one EngineApi
 * over comlink. Nothing else lives here; the API is platform-neutral and tested in Node.
 */
import * as Comlink from 'comlink';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { configureSqlJs } from '../store/store';
import { EngineApi } from './engine-api';
import { keepFieldErrorDetails } from './thrown-errors';

configureSqlJs({ locateFile: () => wasmUrl });
keepFieldErrorDetails();
Comlink.expose(new EngineApi());
