/** worker_threads entry for forest training in Node; only exposes the API. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createForestWorkerApi } from '../worker-api';

Comlink.expose(createForestWorkerApi(), nodeEndpoint(parentPort!));
