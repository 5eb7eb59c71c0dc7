/** The clients of the sync benchmark: the y-websocket provider, or Hocuspocus's own provider. */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface BenchClient {
  doc: Y.Doc;
  synced: Promise<void>;
  destroy(): void;
}

/** y-websocket client, as the app uses it (no awareness state, so only document traffic counts). */
export function yWebsocketClient(serverUrl: string, room: string, token?: string): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: token ? { token } : {},
    disableBc: true,
  });
  provider.awareness.setLocalState(null);
  return {
    doc,
    synced: new Promise((resolve) => {
      if (provider.synced) resolve();
      else provider.once('sync', () => resolve());
    }),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function hocuspocusClient(serverUrl: string, room: string): BenchClient {
  const doc = new Y.Doc();
  // One socket per client, like the y-websocket clients (no multiplexing).
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: serverUrl,
    WebSocketPolyfill: WebSocket,
  });
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const provider = new HocuspocusProvider({
    websocketProvider,
    name: room,
    document: doc,
    onSynced: () => resolveSynced(),
  });
  provider.awareness?.setLocalState(null);
  provider.attach();
  return {
    doc,
    synced,
    destroy() {
      provider.destroy();
      websocketProvider.destroy();
      doc.destroy();
    },
  };
}
