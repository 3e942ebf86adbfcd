export * from './audit.ts';
export * from './cursors.ts';
export * from './exceptions.ts';
export * from './inbox.ts';
export * from './links.ts';
export * from './records.ts';
export * from './state-machine.ts';
export * from './types.ts';
