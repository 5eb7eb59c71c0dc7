/** What the HTTP routes are handed, and the hono environment they run in. */
import type { HttpBindings } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { RoomAccess } from '../access';
import type { Principal } from '../auth/principal';
import type { Config } from '../config';
import type { Db } from '../db/open';

export interface HttpDeps {
  db: Db;
  config: Config;
  access: RoomAccess;
  logger: Logger;
  /** Accounts changed in this process (setup, logout): re-check open sockets and projections. */
  onAccountsChanged: () => void;
  /** False once shutdown began, so a load balancer stops sending traffic before the port closes. */
  accepting?: () => boolean;
  /** More `/api` routes (the REST API), mounted after these and before the `/api` 404. */
  extraRoutes?: (app: Hono<AppEnv>) => void;
}

export type AppEnv = {
  Bindings: HttpBindings;
  Variables: { principal: Principal | null };
};
