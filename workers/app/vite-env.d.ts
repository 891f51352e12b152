// engine.worker.ts is bundled by Vite (`?url` imports); the separate type-check of
// workers/ (tsconfig.workers.json) does not see renderer/vite-env.d.ts.
/// <reference types="vite/client" />
