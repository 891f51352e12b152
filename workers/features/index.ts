/** Feature engineering, labels and the temporal split (FEATURES.md). */
export * from './schema';
export * from './machine-features';
export * from './read-machine';
export * from './build-features';
export * from './split';
export * from './summary';
export * from './csv-writer';
export * from './machine-list';
