/** What every library route group is handed. */
import type { Db } from '../../db/open';
import type { BlobRefCheck } from '../blob-refs';
import type { Scopes } from '../scope';

export interface ApiDeps {
  db: Db;
  scopes: Scopes;
  /** Checks the files an asset write references (absent: not checked, for tests of the API alone). */
  blobs?: BlobRefCheck;
}
