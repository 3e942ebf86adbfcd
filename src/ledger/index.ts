export * from './audit.js';
export * from './cursors.js';
export * from './exceptions.js';
export * from './inbox.js';
export * from './links.js';
export * from './records.js';
export * from './state-machine.js';
export * from './types.js';
