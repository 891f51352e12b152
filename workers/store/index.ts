export * from './store';
export * from './migrations';
export * from './plant-stats';
export * from './plant-settings';
