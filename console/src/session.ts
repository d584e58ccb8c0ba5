// The signed-in token, kept for this tab only (sessionStorage), and the tenant it belongs to.
import { call } from './api';

const KEY = 'tributary.session';

export interface Session {
  token: string;
  tenant: string;
}

export function loadSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return s && typeof s.token === 'string' && typeof s.tenant === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** Checks a token with the API (GET /api/health answers with its tenant) before keeping it. */
export async function signIn(token: string): Promise<Session> {
  const health = await call<{ tenant?: string }>('/api/health', token.trim());
  if (!health.tenant) throw new Error('the server did not accept the token');
  return { token: token.trim(), tenant: health.tenant };
}

/** On the local runtime, from this machine: a short-lived token for a tenant (POST /api/local/session). */
export async function localSession(tenant: string): Promise<Session> {
  const r = await call<{ token: string; tenant: string }>(`/api/local/session?tenant=${encodeURIComponent(tenant)}`,
      null, undefined, 'POST');
  return { token: r.token, tenant: r.tenant };
}

/** Whether the page was loaded from this machine, where the local runtime offers local sessions. */
export function onLoopback(): boolean {
  const h = location.hostname;
  return h === '127.0.0.1' || h === 'localhost' || h === '[::1]' || h === '::1';
}
