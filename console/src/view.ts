// What the Discover view shows, kept in the URL (?q=…&last=15m or ?q=…&from=…&to=…) so a view can be shared.

export type Range =
  | { kind: 'relative'; last: string }
  | { kind: 'absolute'; from: string; to: string };

/** The console's views; all share the query bar and the time range. */
export const TABS = ['discover', 'patterns', 'alerts', 'exports'] as const;
export type Tab = typeof TABS[number];

export interface View {
  q: string;
  range: Range;
  tab: Tab;
}

export const RELATIVE = ['5m', '15m', '1h', '6h', '24h', '7d', '30d'];
const DEFAULT: View = { q: '', range: { kind: 'relative', last: '15m' }, tab: 'discover' };
const UNIT_MS: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

export function parseLast(last: string): number | null {
  const m = /^([0-9]{1,7})(ms|s|m|h|d|w)$/.exec(last);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
}

export function fromUrl(search: string): View {
  const p = new URLSearchParams(search);
  const q = p.get('q') ?? '';
  const tab = (TABS as readonly string[]).includes(p.get('view') ?? '') ? p.get('view') as Tab : 'discover';
  const from = p.get('from');
  const to = p.get('to');
  if (from && to && !isNaN(Date.parse(from)) && !isNaN(Date.parse(to))) {
    return { q, range: { kind: 'absolute', from, to }, tab };
  }
  const last = p.get('last');
  return { q, range: last && parseLast(last) ? { kind: 'relative', last } : DEFAULT.range, tab };
}

export function toUrl(v: View): string {
  const p = new URLSearchParams();
  if (v.tab !== 'discover') p.set('view', v.tab);
  if (v.q) p.set('q', v.q);
  if (v.range.kind === 'relative') p.set('last', v.range.last);
  else {
    p.set('from', v.range.from);
    p.set('to', v.range.to);
  }
  return '?' + p.toString();
}

/** The time filter of a query or aggregate request. */
export function rangeRequest(r: Range): Record<string, string> {
  return r.kind === 'relative' ? { last: r.last } : { from: r.from, to: r.to };
}

/** The range as epoch milliseconds, relative ones ending at {@code now}. */
export function rangeMs(r: Range, now: number): [number, number] {
  if (r.kind === 'absolute') return [Date.parse(r.from), Date.parse(r.to)];
  return [now - (parseLast(r.last) ?? 15 * 60e3), now];
}

export function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}

/** Fields the query language reads as built-in; an attribute of the same name needs attributes.NAME. */
const BUILT_IN = new Set(['service', 'host', 'severity', 'pattern', 'traceId', 'spanId', 'message', 'id', 'timestamp']);

export function quote(value: string): string {
  return /^[A-Za-z0-9_.\-/]+$/.test(value) && !value.startsWith('-') ? value
      : '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** The query-language term for field = value: severity, service, host, or an attribute. */
export function term(field: string, value: string, attribute: boolean): string {
  const name = attribute && BUILT_IN.has(field) ? `attributes.${field}` : field;
  return `${name}:${quote(field === 'severity' ? value.toLowerCase() : value)}`;
}

/** {@code q} with a filter for (or, with {@code out}, against) a term added, unless it is there already. */
export function withFilter(q: string, t: string, out: boolean): string {
  const add = (out ? '-' : '') + t;
  const opposite = (out ? '' : '-') + t;
  const parts = q.trim() ? q.trim().split(/\s+/) : [];
  if (parts.includes(add)) return q.trim();
  const kept = parts.filter((p) => p !== opposite);
  const base = kept.length === parts.length ? q.trim() : kept.join(' ');
  return (base && /\bOR\b/.test(base) ? `(${base})` : base) + (base ? ' ' : '') + add;
}
