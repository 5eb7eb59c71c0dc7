/**
 * The REST API's live views defer their text: a view over a large room is ready for reads that
 * need no text at once, indexes the text between requests, and a text search answers exactly what
 * a fully built index answers at every moment.
 */
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createAsset, type LibraryContext } from '../../../src/lib/library';
import { LibraryIndex } from '../../../src/lib/library/live';
import { searchLibrary } from '../../../src/lib/library/queries';
import { LibraryViews } from '../../../server/api/views';
import { MemoryPersistence } from '../../../server/persistence';
import { createSyncServer, type SyncServer } from '../../../server/sync';

const ROOM = 'team/t1';
/** More than a batch whose text is indexed at once (256). */
const CLIPS = 300;
const WORDS = ['harbour', 'forest', 'neon', 'desert', 'glacier'];

let sync: SyncServer;
let views: LibraryViews | undefined;

afterEach(async () => {
  await views?.close();
  await sync?.close();
});

function startSync(): SyncServer {
  sync = createSyncServer({
    persistence: new MemoryPersistence(),
    authenticate: async () => null,
    authorize: async () => 'none',
  });
  return sync;
}

/** Creates `count` clips in one transaction, the way a large import arrives. */
function writeClips(from: number, count: number): Promise<string[]> {
  return sync.withRoom(ROOM, (doc) => {
    const ctx: LibraryContext = {
      actor: { userId: 'u1', teamId: 't1', role: 'editor' },
      rooms: [{ name: ROOM, kind: 'team', doc, writable: true }],
      now: () => new Date(),
    };
    const ids: string[] = [];
    doc.transact(() => {
      for (let i = from; i < from + count; i++) {
        const word = WORDS[i % WORDS.length]!;
        ids.push(
          createAsset(ctx, { name: `Clip ${i} ${word}`, prompt: `A ${word} at dusk` }).asset_id,
        );
      }
    });
    return ids;
  });
}

/** What a fully built index over a copy of the room answers. */
async function reference(filters: unknown) {
  const copy = new Y.Doc();
  await sync.withRoom(ROOM, (doc) => Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc)));
  const index = new LibraryIndex([{ name: ROOM, kind: 'team', doc: copy, writable: false }]);
  const answer = searchLibrary(index, filters);
  index.destroy();
  return answer;
}

const ids = (answer: ReturnType<typeof searchLibrary>) =>
  `${answer.total}:${answer.results.map((row) => row.id).join()}`;

async function textIndexed(index: LibraryIndex): Promise<void> {
  while (index.textPending > 0) await new Promise((resolve) => setImmediate(resolve));
}

test('a view over a large room reads without its text, then indexes it between requests', async () => {
  startSync();
  const written = await writeClips(0, CLIPS);
  views = new LibraryViews(sync);
  const view = await views.view([ROOM]);
  // Ready for reads that need no text; the text is still waiting.
  expect(view.index.textPending).toBeGreaterThan(0);
  expect(view.index.asset(written[7]!)?.asset.name).toBe('Clip 7 neon');
  expect(searchLibrary(view.index, { per_page: 5 }).total).toBe(CLIPS);

  // Nobody searches: the text gets indexed anyway, and answers as a full build does.
  await textIndexed(view.index);
  const query = { search_text: 'harbour', per_page: 100 };
  expect(ids(searchLibrary(view.index, query))).toBe(ids(await reference(query)));
  expect(searchLibrary(view.index, query).total).toBe(CLIPS / WORDS.length);
});

test('a text search before the text is indexed answers exactly; a large batch later is indexed too', async () => {
  startSync();
  await writeClips(0, CLIPS);
  views = new LibraryViews(sync);
  const view = await views.view([ROOM]);
  expect(view.index.textPending).toBeGreaterThan(0);
  const query = { search_text: 'glacier dusk', per_page: 100 };
  expect(ids(searchLibrary(view.index, query))).toBe(ids(await reference(query)));
  expect(view.index.textPending).toBe(0);

  // A large import through the sync server: deferred again, then indexed in the background.
  await writeClips(CLIPS, CLIPS);
  expect(view.index.textPending).toBeGreaterThan(0);
  await textIndexed(view.index);
  const neon = { search_text: 'neon', per_page: 100 };
  expect(ids(searchLibrary(view.index, neon))).toBe(ids(await reference(neon)));
  expect(searchLibrary(view.index, neon).total).toBe((2 * CLIPS) / WORDS.length);
});
