/**
 * An in-memory Microsoft Dynamics 365 Business Central (API v2.0) with its Entra token
 * endpoint, on one host. Entity sets, properties, types and lengths come from the real
 * `$metadata`. `createBcEmulator` gives the Hono app and its state for in-process tests;
 * `startBcEmulator` serves it on loopback for the sandbox and `ledgerbridge emulate bc`.
 */
export { createBcEmulator, type BcEmulator } from './emulator.js';
export { startBcEmulator, type RunningBcEmulator, type StartBcEmulatorOptions } from './server.js';
export { sandboxIdentity, documentedLimits, type BcEmulatorOptions, type EmulatorLimits } from './settings.js';
export type { FaultInput } from './faults.js';
export type { ControlItem } from './control.js';
