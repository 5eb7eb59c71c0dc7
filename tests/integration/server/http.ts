/** Plain fetch against the test server, with the JSON body and the headers a test looks at. */
import type { TestServer } from '../harness';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function api(
  server: TestServer,
  method: string,
  path: string,
  options: {
    json?: unknown;
    token?: string;
    cookie?: string;
    rawBody?: string;
    type?: string;
  } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.json !== undefined || options.rawBody !== undefined) {
    headers['content-type'] = options.type ?? 'application/json';
    body = options.rawBody ?? JSON.stringify(options.json);
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (the app's HTML)
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
