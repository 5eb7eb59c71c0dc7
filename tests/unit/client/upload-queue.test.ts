/**
 * The browser's upload queue (IndexedDB, here fake-indexeddb): signing out drops the files that
 * person left waiting and nobody else's.
 */
import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { queue, type UploadJob } from '../../../src/lib/client/uploads/queue';

function job(id: string, userId: string): UploadJob {
  return {
    id,
    userId,
    teamId: 't1',
    assetId: `asset-${id}`,
    kind: 'new',
    name: `${id}.mp4`,
    video: new Blob([new Uint8Array([1, 2, 3])], { type: 'video/mp4' }),
    thumbnail: null,
    duration: 3,
    width: null,
    height: null,
    createdAt: new Date(2026, 0, Number(id.slice(1))).toISOString(),
  };
}

describe('upload queue', () => {
  test('clear(userId) drops that user’s waiting files only', async () => {
    await queue.put(job('j1', 'ann'));
    await queue.put(job('j2', 'ann'));
    await queue.put(job('j3', 'bob'));
    expect((await queue.list('ann')).map((j) => j.id)).toEqual(['j1', 'j2']);

    await queue.clear('ann');
    expect(await queue.list('ann')).toEqual([]);
    expect((await queue.list('bob')).map((j) => j.id)).toEqual(['j3']);
    // Nothing to clear is not an error.
    await queue.clear('ann');
  });
});
