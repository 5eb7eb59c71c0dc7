/**
 * Lets every message already posted on a BroadcastChannel be delivered (channels deliver in order,
 * later): an empty Yjs update, which library tabs apply as a no-op, is posted and awaited.
 */
import * as Y from 'yjs';

export async function settleChannel(name: string): Promise<void> {
  const marker = new BroadcastChannel(name);
  const probe = new BroadcastChannel(name);
  const seen = new Promise((resolve) => (probe.onmessage = resolve));
  marker.postMessage(Y.encodeStateAsUpdate(new Y.Doc()));
  await seen;
  marker.close();
  probe.close();
}
