import { afterEach, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { TabChannel, tabChannelName } from '$lib/client/tab-channel';
import { settleChannel } from '../helpers/broadcast';

const opened: { destroy(): void }[] = [];
afterEach(() => {
  for (const item of opened.splice(0)) item.destroy();
  vi.restoreAllMocks();
});

let rooms = 0;
/** Two tabs of one room: each its own doc and channel, like two pages of one browser. */
function twoTabs(skip: unknown[] = []) {
  const name = tabChannelName('user-1', `team/room-${++rooms}`);
  const docs = [new Y.Doc(), new Y.Doc()] as const;
  for (const doc of docs) opened.push(new TabChannel(name, doc, skip), doc);
  return { name, docs };
}

/** Resolves with the next change applied to `doc`. */
const nextChange = (doc: Y.Doc) =>
  new Promise<unknown>((resolve) =>
    doc.once('update', (_update: Uint8Array, origin) => resolve(origin)),
  );

test('an edit in one tab reaches the other; what arrives is not sent back', async () => {
  const { docs } = twoTabs();
  const [a, b] = docs;
  const posts = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
  const arrived = nextChange(b);
  a.getMap('assets').set('clip-1', 'Night Ferry');
  expect(await arrived).toBeInstanceOf(TabChannel);
  expect(b.getMap('assets').get('clip-1')).toBe('Night Ferry');
  // Only the first tab posted: the second applied it with the channel as origin and stayed quiet.
  expect(posts).toHaveBeenCalledTimes(1);
});

test('changes that came from the server or the local copy are not posted', async () => {
  const provider = { name: 'provider' };
  const { name, docs } = twoTabs([provider]);
  const [a, b] = docs;
  const source = new Y.Doc();
  source.getMap('assets').set('clip-2', 'From the server');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(source), provider);
  await settleChannel(name);
  expect(b.getMap('assets').size).toBe(0);
});

test('a malformed message is ignored with a warning and the tab keeps working', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { name, docs } = twoTabs();
  const [a, b] = docs;
  const stranger = new BroadcastChannel(name);
  stranger.postMessage('not an update');
  stranger.postMessage(new Uint8Array([255, 255, 255, 255, 255]));
  stranger.postMessage(new Uint8Array(0));
  stranger.close();
  await settleChannel(name);
  expect(warn).toHaveBeenCalledTimes(6); // three messages, each to both tabs

  const arrived = nextChange(b);
  a.getMap('assets').set('clip-3', 'Still fine');
  await arrived;
  expect(b.getMap('assets').get('clip-3')).toBe('Still fine');
});

test('a destroyed channel neither posts nor receives', async () => {
  const name = tabChannelName('user-1', 'team/destroyed');
  const a = new Y.Doc();
  const b = new Y.Doc();
  const channel = new TabChannel(name, a, []);
  opened.push(new TabChannel(name, b, []));
  channel.destroy();
  a.getMap('assets').set('clip-4', 'Not sent');
  await settleChannel(name);
  expect(b.getMap('assets').size).toBe(0);
});
