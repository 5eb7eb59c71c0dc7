/** A search state in words, for the "nothing matches" message. */
import { FACETS, type SearchState } from './search-url';

export function describeSearch(search: SearchState, nameOf: (userId: string) => string): string[] {
  const parts: string[] = [];
  if (search.q) parts.push(`“${search.q.length > 40 ? `${search.q.slice(0, 39)}…` : search.q}”`);
  for (const facet of FACETS) {
    const values = search.facets[facet];
    if (values.length === 0) continue;
    const shown = facet === 'creators' ? values.map(nameOf) : values;
    parts.push(`${facet.replace('_', ' ')}: ${shown.join(', ')}`);
  }
  if (search.from || search.to) parts.push(`created ${search.from || '…'} – ${search.to || '…'}`);
  if (search.durationMin !== null || search.durationMax !== null)
    parts.push(`duration ${search.durationMin ?? 0}–${search.durationMax ?? '∞'} s`);
  if (search.lineage !== 'any')
    parts.push(search.lineage === 'yes' ? 'in a lineage' : 'no lineage');
  return parts;
}
