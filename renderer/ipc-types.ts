/** The desktop bridge's types (electron/ipc-contract.ts is the one file the renderer may import). */
export type { FolderStatus, IpcResult, MenuCommand, PdmApi } from '../electron/ipc-contract';
