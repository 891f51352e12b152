export * from './store';
export * from './migrations';
