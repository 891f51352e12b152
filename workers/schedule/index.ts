/** Platform-neutral schedule engine (Node-only parts: schedule-watch-node, run-due-node). */
export * from './types';
export * from './cron';
export * from './slots';
export * from './clock';
export * from './schedule-store';
export * from './runner';
export * from './outcomes';
