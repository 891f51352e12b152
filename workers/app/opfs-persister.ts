/**
 * Where the engine persists the open plant. The browser build's plant library
 * (plant-library.ts) gives one per stored plant; the desktop shell saves the file
 * itself, so there the engine has none; tests pass an in-memory one.
 */
export interface Persister {
  load(): Promise<{ bytes: Uint8Array; name: string } | null>;
  save(bytes: Uint8Array, name: string): Promise<void>;
  clear(): Promise<void>;
}
