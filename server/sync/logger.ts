/** The part of a pino logger the sync server uses. */
export interface SyncLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: SyncLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
