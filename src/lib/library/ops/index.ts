/** Every write operation of the library core, by purpose. */
export {
  createAsset,
  updateAsset,
  trashAsset,
  restoreAsset,
  purgeAsset,
  recordView,
} from './assets';
export { setShareLevel } from './share-level';
export { sweepTombstoned } from './tombstones';
export {
  createCollection,
  updateCollection,
  deleteCollection,
  restoreCollection,
  purgeCollection,
} from './collections';
export {
  addToCollection,
  removeFromCollection,
  reorderCollection,
  moveCollectionItem,
  updateCollectionItem,
} from './collection-items';
export { shareAsset, revokeShare, updateSharePermission } from './shares';
export {
  duplicateAsset,
  remixAsset,
  evolveAsset,
  extendAsset,
  mergeAssets,
  linkLineage,
} from './lineage';
export { updateConstellationPosition } from './constellation';
