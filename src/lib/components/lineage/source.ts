/** The family source over the core's live index (its accepted lineage edges). */
import type { LibraryIndex } from '../../library/live/library-index';
import type { FamilyAsset, FamilyEdge, FamilySource } from './family';

export function indexSource(index: LibraryIndex): FamilySource {
  return {
    asset(id: string): FamilyAsset | undefined {
      const entry = index.asset(id);
      if (!entry) return undefined;
      const { asset } = entry;
      return {
        id: asset.id,
        name: asset.name,
        thumbnail_url: asset.thumbnail_url,
        mood: asset.metadata.mood,
        prompt: asset.prompt,
        lineage_version: asset.metadata.lineage_version,
        lineage_branch: asset.metadata.lineage_branch,
        status: asset.status,
        trashed: asset.trashed_at !== null,
        can_duplicate: asset.metadata.can_duplicate,
        can_remix: asset.metadata.can_remix,
        creator_id: asset.creator_id,
        evolution_note: asset.metadata.evolution_note,
      };
    },
    parents: (id: string): readonly FamilyEdge[] => index.lineage.parentsOf(id),
    children: (id: string): readonly FamilyEdge[] => index.lineage.childrenOf(id),
  };
}
