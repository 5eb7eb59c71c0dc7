export { LibraryIndex } from './library-index';
export type { LibraryIndexOptions } from './library-index';
export type { IndexedAsset, IndexChange, SortField } from './indexed-asset';
export type { IndexProblem, RecordMap } from './problems';
