import { describe, expect, it } from 'vitest';
import { LibraryIndex, type IndexChange } from '../../../src/lib/library/live';
import { assetDetails, searchLibrary } from '../../../src/lib/library/queries';
import { assetsOf } from '../../../src/lib/library/schema';
import { RoomBuilder } from './fixtures';

const ids = (index: LibraryIndex) =>
  searchLibrary(index, { sort_by: 'name' }).results.map((r) => r.id);

describe('an index over several rooms', () => {
  it('queries the union of the rooms and follows rooms coming and going', () => {
    const team = new RoomBuilder('team/team1').asset('t1', { name: 'A team clip' });
    const mine = new RoomBuilder('private/team1/u1').asset('p1', {
      name: 'B private clip',
      metadata: { share_level: 'private' },
    });
    const shared = new RoomBuilder('shared/u1').asset('s1', {
      name: 'C shared clip',
      team_id: 'team9',
    });
    const index = new LibraryIndex([team.room, mine.room]);
    const changes: IndexChange[] = [];
    index.subscribe((change) => changes.push(change));
    expect(ids(index)).toEqual(['t1', 'p1']);
    expect(assetDetails(index, 'p1').room).toBe('private/team1/u1');

    index.addRoom(shared.room);
    expect(ids(index)).toEqual(['t1', 'p1', 's1']);
    expect(changes.at(-1)).toMatchObject({ room: 'shared/u1', assets: ['s1'] });

    index.removeRoom('private/team1/u1');
    expect(ids(index)).toEqual(['t1', 's1']);
    expect(index.roomNames().sort()).toEqual(['shared/u1', 'team/team1']);
    // A removed room's later edits are not followed.
    mine.asset('p2', { name: 'D private' });
    expect(ids(index)).toEqual(['t1', 's1']);
  });

  it('shows a record present in two rooms once, preferring the team room', () => {
    const team = new RoomBuilder('team/team1').asset('a1', { name: 'Team version' });
    const shared = new RoomBuilder('shared/u1').asset('a1', { name: 'Shared copy' });
    const index = new LibraryIndex([shared.room, team.room]);
    expect(searchLibrary(index, {}).results.map((r) => r.name)).toEqual(['Team version']);
    team.doc.transact(() => assetsOf(team.doc).delete('a1'));
    expect(searchLibrary(index, {}).results.map((r) => r.name)).toEqual(['Shared copy']);
    expect(assetDetails(index, 'a1').room).toBe('shared/u1');
  });

  it('follows an asset moving between rooms (share level change)', () => {
    const team = new RoomBuilder('team/team1');
    const mine = new RoomBuilder('private/team1/u1').asset('a1', {
      name: 'Moving',
      metadata: { share_level: 'private' },
    });
    const index = new LibraryIndex([team.room, mine.room]);
    team.asset('a1', { name: 'Moving', metadata: { share_level: 'team' } });
    mine.doc.transact(() => assetsOf(mine.doc).delete('a1'));
    expect(assetDetails(index, 'a1')).toMatchObject({ room: 'team/team1' });
    expect(searchLibrary(index, { search_text: 'moving' }).total).toBe(1);
  });
});
