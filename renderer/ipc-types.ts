/** The desktop bridge's types (electron/ipc-contract.ts is the one file the renderer may import). */
// The lint rule's '!**/electron/ipc-contract' exception does not match relative paths,
// so the allowed import is marked here, in one place.
// eslint-disable-next-line no-restricted-imports
export type { IpcResult, PdmApi } from '../electron/ipc-contract';
