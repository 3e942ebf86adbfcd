/**
 * An in-memory Microsoft Dynamics 365 Business Central (API v2.0) with its Entra token
 * endpoint, on one host. Entity sets, properties, types and lengths come from the real
 * `$metadata`. `createBcEmulator` gives the Hono app and its state for in-process tests;
 * `startBcEmulator` serves it on loopback for the sandbox and `ledgerbridge emulate bc`.
 */
export { createBcEmulator, type BcEmulator } from './emulator.ts';
export { startBcEmulator, type RunningBcEmulator, type StartBcEmulatorOptions } from './server.ts';
export { sandboxIdentity, documentedLimits, type BcEmulatorOptions, type EmulatorLimits } from './settings.ts';
export type { FaultInput } from './faults.ts';
export type { ControlItem } from './control.ts';
