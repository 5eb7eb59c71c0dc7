/**
 * The y-websocket wire protocol, apart from any socket: decoding (with validation) of what a client
 * sends and encoding of what the server sends. Decoding never throws; anything malformed, truncated
 * or unknown comes back as a LibraryError the caller maps to a close code.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { invalid, LibraryError } from '../../src/lib/library/errors';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;

/** One client's entry of an awareness update; `state` is JSON text, `null` when the client left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' };

export type DecodeResult =
  { ok: true; message: ClientMessage } | { ok: false; error: LibraryError };

export interface DecodeOptions {
  /** Awareness updates with more entries than this are refused (a client announces itself). */
  maxAwarenessEntries?: number;
}

/** Decodes one client message; `data` is copied so nothing decoded aliases a socket buffer. */
export function decodeClientMessage(data: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  try {
    return { ok: true, message: decodeOrThrow(new Uint8Array(data), options) };
  } catch (error) {
    if (error instanceof LibraryError) return { ok: false, error };
    // lib0 and yjs throw plain errors (and RangeErrors on hostile nesting) for broken bytes.
    return { ok: false, error: invalid('message', 'malformed or truncated') };
  }
}

function decodeOrThrow(data: Uint8Array, options: DecodeOptions): ClientMessage {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  let message: ClientMessage;
  switch (type) {
    case MessageType.Sync:
      message = decodeSync(decoder);
      break;
    case MessageType.Awareness:
      message = decodeAwareness(decoder, options.maxAwarenessEntries ?? 16);
      break;
    case MessageType.QueryAwareness:
      message = { kind: 'query-awareness' };
      break;
    default:
      throw new LibraryError('UNSUPPORTED', `message.type: unknown message type ${type}`, 'type');
  }
  // The client sends exactly one message per frame; extra bytes mean a broken or hostile sender.
  if (decoding.hasContent(decoder)) throw invalid('message', 'trailing bytes');
  return message;
}

function decodeSync(decoder: decoding.Decoder): ClientMessage {
  const step = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (step) {
    case syncProtocol.messageYjsSyncStep1:
      Y.decodeStateVector(payload);
      return { kind: 'sync-step1', stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      assertUpdate(payload);
      return { kind: 'sync-step2', update: payload };
    case syncProtocol.messageYjsUpdate:
      assertUpdate(payload);
      return { kind: 'sync-update', update: payload };
    default:
      throw new LibraryError('UNSUPPORTED', `message.sync: unknown sync step ${step}`, 'sync');
  }
}

/**
 * Parses the whole update (structs and delete set) without touching a document, so a broken one is
 * refused before anything is applied or stored.
 */
function assertUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch {
    throw invalid('message.update', 'not a valid Yjs update');
  }
}

function decodeAwareness(outer: decoding.Decoder, maxEntries: number): ClientMessage {
  const decoder = decoding.createDecoder(decoding.readVarUint8Array(outer));
  const count = decoding.readVarUint(decoder);
  if (count > maxEntries) {
    throw invalid('message.awareness', `more than ${maxEntries} clients in one update`);
  }
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    try {
      JSON.parse(state);
    } catch {
      throw invalid(`message.awareness.${i}.state`, 'not JSON');
    }
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw invalid('message.awareness', 'trailing bytes');
  return { kind: 'awareness', entries };
}

/** A sync step 2 or update: message type 0 (sync), then step 1 or 2 (both one-byte varints). */
export function carriesUpdate(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** A sync step 2 carrying `update` as it is (see first-sync.ts for why it may be empty). */
export function encodeSyncStep2Of(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness message carrying the given clients' current states. */
export function encodeAwarenessMessage(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** The inner awareness update (as `applyAwarenessUpdate` takes it) for decoded entries. */
export function encodeAwarenessEntries(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, list.length);
  for (const entry of list) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
