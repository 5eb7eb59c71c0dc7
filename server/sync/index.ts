export {
  createSyncServer,
  type Access,
  type Principal,
  type RoomListener,
  type SyncServer,
  type SyncServerOptions,
} from './sync-server';
export { CloseCode, closeCodeFor } from './close-codes';
export { DEFAULT_LIMITS, type SyncLimits } from './limits';
export type { SyncLogger } from './logger';
