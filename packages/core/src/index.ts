export * from './spec/types.js';
export * from './issues/issue.js';
export * from './pod/manifest.js';
export * from './reducer/index.js';
export * from './pod/translate.js';
export * from './expr/index.js';
export * from './when/index.js';
export * from './manifest/index.js';
