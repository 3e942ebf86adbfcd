/** The warehouse emulator ("Scend" on a Mintsoft-shaped API): see README.md beside this file. */
export { createWarehouseEmulator, type WarehouseEmulator } from './emulator.js';
export { startWarehouseEmulator, type RunningWarehouseEmulator, type StartWarehouseEmulatorOptions } from './server.js';
export { defaultFloor, defaultStatusIds, sandboxFloor, sandboxWarehouse, type FloorSettings, type WarehouseEmulatorOptions } from './settings.js';
export type { WarehouseControl } from './control.js';
export type { CallbackFaults, DeliveryRecord } from './callbacks.js';
export type { FaultInput, FaultRule } from './faults.js';
export { controlRouteList } from './control-routes.js';
