/** Plant simulator (platform-neutral part); the Node file writer is simulate-node.ts. */
export * from './simulate-plant';
