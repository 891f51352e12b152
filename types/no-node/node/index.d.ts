// Empty on purpose: tsconfig.workers.json resolves `/// <reference types="node" />` (from
// @types/papaparse) here, so the neutral type-check of workers/ has no Node globals.
export {};
