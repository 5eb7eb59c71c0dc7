/**
 * A tab that opens while another edits: it hears the other tab from before its local copy is
 * read, so an edit made during its load is not missed (nor everything after it, which would wait
 * in Yjs for the missed one), and it sends nothing of its own load.
 */
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { LocalCopy } from '$lib/client/local-copy';
import { TabChannel, tabChannelName } from '$lib/client/tab-channel';
import { settleChannel } from '../helpers/broadcast';

const opened: { destroy(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.destroy();
});

test('an edit made in one tab while another loads reaches it, and so do later ones', async () => {
  const db = 'tab-load-copy';
  const name = tabChannelName('user-1', 'team/tab-load');
  // Tab A: its copy stored in many updates, its channel open.
  const docA = new Y.Doc();
  const copyA = new LocalCopy(db, docA);
  opened.push(copyA);
  await copyA.whenSynced;
  const tabA = new TabChannel(name, docA, [copyA]);
  opened.push(tabA);
  for (let i = 0; i < 50; i++) docA.getMap('records').set(`r${i}`, i);

  // Tab B opens: listening first, then reading its copy a turn at a time.
  const docB = new Y.Doc();
  const tabB = new TabChannel(name, docB, [], false);
  opened.push(tabB);
  let heard = 0;
  const watcher = new BroadcastChannel(name);
  watcher.onmessage = () => heard++;
  const copyB = new LocalCopy(db, docB, { turnMs: 0 });
  opened.push(copyB);
  await copyB._db;
  docA.getMap('records').set('during', true);
  await copyB.whenSynced;
  tabB.startSending();
  docA.getMap('records').set('after', true);
  await settleChannel(name);

  const records = docB.getMap('records');
  expect(records.get('during')).toBe(true);
  expect(records.get('after')).toBe(true);
  expect(records.size).toBe(52);
  expect(docB.store.pendingStructs).toBeNull();
  // The watcher heard A's two edits and the settling marker: nothing of B's load.
  expect(heard).toBe(3);
  // Once sending, B's own edit reaches A.
  docB.getMap('records').set('from-b', true);
  await settleChannel(name);
  expect(docA.getMap('records').get('from-b')).toBe(true);
  expect(heard).toBe(5);
  watcher.close();
});
