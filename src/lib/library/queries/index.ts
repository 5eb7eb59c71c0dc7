export { searchLibrary, availableFilters } from './search';
export type { SearchResponse, AvailableFilters } from './search';
export { searchFiltersSchema, toSearchPlan, type SearchFilters } from './search-filters';
export { collectionWithVideos, teamCollections, trashedCollections } from './collections';
export type { CollectionSummary, CollectionVideo, CollectionWithVideos } from './collections';
export { sharesOfAsset, type ShareRow } from './shares';
export { lineageTree } from './lineage';
export type {
  LineageTree,
  LineageAncestor,
  LineageDescendant,
  LineageTreeOptions,
} from './lineage';
export { constellationMap } from './constellation';
export type { ConstellationMap, ConstellationNode, ConstellationEdge } from './constellation';
export { assetDetails, type AssetDetails } from './assets';
export type { SearchResultRow } from './rows';
