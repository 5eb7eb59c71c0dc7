/** The library core's public surface: import from here, not from the files behind it. */
export * from './errors';
export * from './context';
export * from './rooms';
export * from './schema';
export { migrate, MIGRATIONS } from './migrations';
export * from './records/common';
export * from './records/asset';
export * from './records/collection';
export * from './records/share';
export * from './records/lineage';
export * from './records/tombstone';
export * from './access';
export * from './ops/index';
export * from './lineage-rules';
export * from './live/index';
export * from './queries/index';
