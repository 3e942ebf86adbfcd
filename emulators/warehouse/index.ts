/** The warehouse emulator ("Scend" on a Mintsoft-shaped API): see README.md beside this file. */
export { createWarehouseEmulator, type WarehouseEmulator } from './emulator.ts';
export { startWarehouseEmulator, type RunningWarehouseEmulator, type StartWarehouseEmulatorOptions } from './server.ts';
export {
  defaultFloor,
  defaultStatusIds,
  sandboxFloor,
  sandboxWarehouse,
  type FloorSettings,
  type WarehouseEmulatorOptions,
} from './settings.ts';
export type { WarehouseControl } from './control.ts';
export type { CallbackFaults, DeliveryRecord } from './callbacks.ts';
export type { FaultInput, FaultRule } from './faults.ts';
export { controlRouteList } from './control-routes.ts';
