/**
 * The HTTP API client. Every call answers the server's `{ success, ... }` JSON or throws an
 * {@link ApiError} carrying the status and the server's message (which names the failing field).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the server could not be reached at all (offline, server down). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export interface MeUser {
  id: string;
  username: string;
  display_name: string;
}

export interface MeTeam {
  id: string;
  name: string;
  role: 'owner' | 'admin' | 'editor' | 'viewer';
}

export interface MeRoom {
  name: string;
  kind: 'team' | 'private' | 'shared' | 'public';
  writable: boolean;
}

export interface Me {
  user: MeUser;
  teams: MeTeam[];
  rooms: MeRoom[];
}

export interface TeamMember {
  id: string;
  username: string;
  display_name: string;
  role: MeTeam['role'];
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (_error) {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  let data: unknown = null;
  try {
    data = await response.json();
  } catch (_error) {
    // A non-JSON answer (a proxy page, the service worker's offline reply) is handled below.
  }
  const record = (data ?? {}) as { success?: boolean; error?: unknown };
  if (!response.ok || record.success === false) {
    const message =
      typeof record.error === 'string'
        ? record.error
        : response.status >= 500 || response.status === 0
          ? 'The server cannot be reached.'
          : `Request failed (${response.status}).`;
    throw new ApiError(response.status >= 500 && data === null ? 0 : response.status, message);
  }
  return data as T;
}

export const api = {
  setupStatus: () => request<{ needs_setup: boolean }>('GET', '/api/setup/status'),
  setup: (input: {
    username: string;
    password: string;
    display_name?: string;
    team_name: string;
  }) => request<{ user: MeUser; team: { id: string; name: string } }>('POST', '/api/setup', input),
  login: (username: string, password: string) =>
    request<{ user: MeUser }>('POST', '/api/auth/login', { username, password }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),
  me: () => request<Me>('GET', '/api/auth/me'),
  members: (teamId: string) =>
    request<{ members: TeamMember[] }>('GET', `/api/teams/${encodeURIComponent(teamId)}/members`),
};
