import { describe, expect, it } from 'vitest';
import { cardAt, facetsOf } from '../../../src/lib/client/library-query';
import { RoomBuilder } from '../queries/fixtures';

describe('the grid keeps what did not change', () => {
  it('hands a card the same data while nothing it shows changed, fresh data once something did', () => {
    const room = new RoomBuilder().asset('a1', { name: 'Harbour at dusk' }).asset('a2');
    const index = room.index();
    const slot1 = index.asset('a1')!.slot;
    const slot2 = index.asset('a2')!.slot;
    const first = cardAt(index, slot1, 1)!;
    const other = cardAt(index, slot2, 1)!;
    expect(cardAt(index, slot1, 1)).toBe(first);
    // Another revision (someone else's edit elsewhere): the cards stay the very same objects.
    expect(cardAt(index, slot1, 2)).toBe(first);

    room.setAssetField('a1', 'name', 'Harbour at night');
    const renamed = cardAt(index, slot1, 3)!;
    expect(renamed).not.toBe(first);
    expect(renamed.row.name).toBe('Harbour at night');
    expect(cardAt(index, slot2, 3)).toBe(other);

    // A derived figure changes without the asset record changing: the card follows.
    room.asset('a3').edge('e1', 'a1', 'a3', { evolution_type: 'remix' });
    const remixed = cardAt(index, slot1, 4)!;
    expect(remixed).not.toBe(renamed);
    expect(remixed.row.has_lineage).toBe(true);
    expect(remixed.row.remix_count).toBe(1);
  });

  it('keeps the library facet values until the library changes', () => {
    const room = new RoomBuilder().asset('a1', { tags: ['night'] });
    const index = room.index();
    const before = facetsOf(index, 'team1');
    expect(facetsOf(index, 'team1')).toBe(before);
    room.asset('a2', { tags: ['harbour'] });
    expect(facetsOf(index, 'team1').tags).toEqual(['harbour', 'night']);
    expect(facetsOf(index, 'team2').tags).toEqual([]);
  });
});
