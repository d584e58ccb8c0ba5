// Follows GET /api/logs/tail (server-sent events) with fetch, so the token goes in a header. When the
// stream ends (Azure answers a window at a time) it comes back with since= the last id seen.
import { ApiError, LogEvent } from './api';

export interface TailHandlers {
  onEvent: (e: LogEvent) => void;
  onState: (state: 'connecting' | 'live' | 'ended', why?: string) => void;
  onError: (e: ApiError) => void;
}

export function follow(token: string, q: string, h: TailHandlers): () => void {
  const abort = new AbortController();
  let last: string | null = null;
  let retry = 1000;
  let stopped = false;

  const once = async (): Promise<boolean> => {
    const p = new URLSearchParams();
    if (q.trim()) p.set('q', q);
    if (last) p.set('since', last);
    h.onState('connecting');
    const res = await fetch(`/api/logs/tail?${p}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!res.ok || !res.body) {
      const j = await res.json().catch(() => null);
      h.onError(new ApiError(res.status, j?.code ?? `http_${res.status}`, j?.detail ?? res.statusText, j?.field, j?.column));
      return false;
    }
    h.onState('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      buf += value.replace(/\r\n?/g, '\n');
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let event = 'message';
        let data = '';
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) continue;
          const c = line.indexOf(':');
          const field = c < 0 ? line : line.slice(0, c);
          const v = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
          if (field === 'event') event = v;
          else if (field === 'data') data += (data ? '\n' : '') + v;
          else if (field === 'id') last = v;
          else if (field === 'retry' && /^\d+$/.test(v)) retry = Number(v);
        }
        if (event === 'log' && data) h.onEvent(JSON.parse(data) as LogEvent);
        else if (event === 'dropped') h.onState('ended', JSON.parse(data || '{}').reason);
      }
    }
  };

  (async () => {
    while (!stopped) {
      try {
        if (!(await once())) return;
      } catch (e) {
        if (stopped) return;
        h.onState('ended', (e as Error).message);
      }
      if (!stopped) await new Promise((r) => setTimeout(r, retry));
    }
  })();
  return () => {
    stopped = true;
    abort.abort();
  };
}
