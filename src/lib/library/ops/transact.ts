/**
 * The one way operations write: exactly one `doc.transact` on the room the record lives in, with a
 * {@link LibraryOrigin} naming the operation and the actor (undo and audit group by it). Every check
 * runs before this is called: Yjs keeps whatever a transaction changed before an exception, so
 * nothing that can fail belongs inside `fn`.
 */
import type { LibraryContext, LibraryRoom } from '../context';
import { LibraryOrigin } from '../context';

export function transactIn<T>(
  ctx: LibraryContext,
  room: LibraryRoom,
  operation: string,
  fn: () => T,
): T {
  let result: T | undefined;
  room.doc.transact(
    () => {
      result = fn();
    },
    new LibraryOrigin(operation, ctx.actor.userId),
  );
  return result as T;
}

/** Now as the ISO string every record stores. */
export const nowIso = (ctx: LibraryContext): string => ctx.now().toISOString();
