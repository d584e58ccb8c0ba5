// The HTTP API the console calls: same origin, bearer token, problems (RFC 9457) turned into ApiError.

export interface LogEvent {
  id: string;
  timestamp: string;
  ingestedAt?: string;
  severity: string | null;
  severityText?: string;
  service: string;
  host: string;
  message: string;
  traceId?: string;
  patternId?: string;
  attributes: Record<string, unknown>;
}

export interface QueryPage {
  events: LogEvent[];
  nextCursor: string | null;
}

export interface Bucket {
  start: string;
  count: number;
  series?: Record<string, number>;
}

export interface Group {
  key: Record<string, string | null>;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  template?: string | null;
  sample?: string | null;
}

export interface AggregateResult {
  total: number;
  groups?: Group[];
  other?: number;
  histogram?: { interval: string; by?: string; series?: string[]; buckets: Bucket[] };
}

/** A refusal by the API: its status, reason code, message and, for the query language, the column. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly detail: string,
      readonly field?: string, readonly column?: number) {
    super(detail);
  }
}

export async function call<T>(path: string, token: string | null, body?: unknown, method?: string,
    extra?: Record<string, string>): Promise<T> {
  const headers: Record<string, string> = { ...extra };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'unreachable', `the server did not answer (${(e as Error).message}); is it running?`);
  }
  const text = await res.text();
  const json = parse(text);
  if (!res.ok) throw refusal(res, text, json);
  return json as T;
}

function parse(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function refusal(res: Response, text: string, json: any): ApiError {
  return new ApiError(res.status, json?.code ?? `http_${res.status}`, json?.detail ?? (text || res.statusText),
      json?.field, typeof json?.column === 'number' ? json.column : undefined);
}

/**
 * Saves the file a route answers (with the token, which a plain link cannot send) under the name its
 * Content-Disposition gives: fetched whole into a Blob, then handed to the browser's download.
 */
export async function download(path: string, token: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  } catch (e) {
    throw new ApiError(0, 'unreachable', `the server did not answer (${(e as Error).message}); is it running?`);
  }
  if (!res.ok) {
    const text = await res.text();
    throw refusal(res, text, parse(text));
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
