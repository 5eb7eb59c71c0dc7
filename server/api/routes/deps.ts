/** What every library route group is handed. */
import type { Db } from '../../db/open';
import type { Scopes } from '../scope';

export interface ApiDeps {
  db: Db;
  scopes: Scopes;
}
