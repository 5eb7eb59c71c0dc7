export type { RoomPersistence } from './types';
export { MemoryPersistence } from './memory';
export { SqlitePersistence, type SqlitePersistenceOptions } from './sqlite';
