import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodeFor, CloseCode } from '../../../server/sync/close-codes';
import { decodeClientMessage, encodeSyncUpdate } from '../../../server/sync/protocol';
import { LibraryError } from '../../../src/lib/library/errors';

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('sync protocol decoding', () => {
  it('decodes what the y-websocket client sends', () => {
    const doc = new Y.Doc();
    doc.getMap('assets').set('a', 1);
    const update = Y.encodeStateAsUpdate(doc);
    const decoded = decodeClientMessage(encodeSyncUpdate(update));
    expect(decoded).toEqual({ ok: true, message: { kind: 'sync-update', update } });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({
      ok: true,
      message: { kind: 'query-awareness' },
    });
  });

  it('never throws on random or mutated input, and refuses it with a typed error', () => {
    const random = seeded(42);
    const doc = new Y.Doc();
    doc.getArray('log').push(['some', { nested: [1, 2, 3] }, new Uint8Array([1, 2])]);
    const valid = encodeSyncUpdate(Y.encodeStateAsUpdate(doc));
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      let bytes: Uint8Array;
      if (i % 2 === 0) {
        bytes = new Uint8Array(1 + Math.floor(random() * 64));
        for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      } else {
        // Valid frame with a few bytes flipped: gets past the outer framing more often.
        bytes = valid.slice();
        for (let k = 0; k < 3; k++) {
          bytes[2 + Math.floor(random() * (bytes.length - 2))] = Math.floor(random() * 256);
        }
      }
      const result = decodeClientMessage(bytes);
      if (!result.ok) {
        refused++;
        expect(result.error).toBeInstanceOf(LibraryError);
        expect(closeCodeFor(result.error)).toBe(CloseCode.MalformedMessage);
      }
    }
    expect(refused).toBeGreaterThan(1500);
  });

  it('refuses an awareness update that names the failing entry', () => {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 7);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, '{oops');
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, 1);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    const result = decodeClientMessage(encoding.toUint8Array(outer));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.path).toBe('message.awareness.0.state');
  });
});
