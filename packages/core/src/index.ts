export * from './spec/types.js';
export * from './issues/issue.js';
export * from './pod/manifest.js';
