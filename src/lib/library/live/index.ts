export { LibraryIndex } from './library-index';
export type { IndexedAsset, IndexChange, LibraryIndexOptions } from './library-index';
export type { IndexProblem, RecordMap } from './problems';
