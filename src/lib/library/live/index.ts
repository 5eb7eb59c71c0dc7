export { LibraryIndex } from './library-index';
export type { IndexedAsset, IndexChange, LibraryIndexOptions, SortField } from './library-index';
export type { IndexProblem, RecordMap } from './problems';
