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
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, json?.code ?? `http_${res.status}`, json?.detail ?? (text || res.statusText),
        json?.field, typeof json?.column === 'number' ? json.column : undefined);
  }
  return json as T;
}
