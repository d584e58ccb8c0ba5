// Completion for the query bar: the term at the caret, and what may complete it — field names
// (the built-in ones and the attribute names of the results shown) or values of the field being
// typed seen recently (in the results and live tails of this page).
import { LogEvent } from './api';
import { quote } from './view';

/** Fields every event may have, offered first. */
export const FIELDS = ['severity', 'service', 'host', 'pattern', 'traceId'];
const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
/** Built-in names: an attribute of one of these is written attributes.NAME. */
const BUILT_IN = new Set([...FIELDS, 'spanId', 'message', 'id', 'timestamp']);
/** Most values kept per field, most recent first. */
const KEPT = 50;
/** Most suggestions shown. */
const SHOWN = 8;

export interface Suggestion {
  /** What the list shows. */
  label: string;
  /** What replaces the term at the caret. */
  insert: string;
  kind: 'field' | 'value';
}

/** The term around the caret: [start, end) of the query, its sign, and for field:value the field. */
export interface Term {
  start: number;
  end: number;
  neg: boolean;
  field: string | null;
  /** What is typed of the name (no field) or of the value (after the colon, without an opening quote). */
  text: string;
}

export function termAt(q: string, caret: number): Term {
  let start = caret;
  while (start > 0 && !/[\s()]/.test(q[start - 1])) start--;
  let end = caret;
  while (end < q.length && !/[\s()]/.test(q[end])) end++;
  let word = q.slice(start, caret);
  const neg = word.startsWith('-');
  if (neg) word = word.slice(1);
  const colon = word.indexOf(':');
  if (colon < 0) return { start, end, neg, field: null, text: word };
  return { start, end, neg, field: word.slice(0, colon), text: word.slice(colon + 1).replace(/^"/, '') };
}

/** Values of each field seen recently, most recent first; attribute names of the latest results. */
export class Recent {
  readonly values = new Map<string, string[]>();
  attributes: string[] = [];

  /** Remembers the values of {@code events}; {@code current} when they are the results shown (their attribute names are offered). */
  see(events: LogEvent[], current: boolean): void {
    const names = new Set<string>();
    const add = (field: string, v: unknown) => {
      if (v === null || v === undefined || typeof v === 'object') return;
      const text = String(v);
      if (!text) return;
      const list = this.values.get(field) ?? [];
      const at = list.indexOf(text);
      if (at === 0) return;
      if (at > 0) list.splice(at, 1);
      list.unshift(text);
      if (list.length > KEPT) list.length = KEPT;
      this.values.set(field, list);
    };
    // Oldest first, so the newest event's values end up first.
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      add('severity', e.severity?.toLowerCase());
      add('service', e.service);
      add('host', e.host);
      add('pattern', e.patternId);
      add('traceId', e.traceId);
      for (const [k, v] of Object.entries(e.attributes ?? {})) {
        const name = BUILT_IN.has(k) ? `attributes.${k}` : k;
        names.add(name);
        add(name, v);
      }
    }
    if (current) this.attributes = [...names].sort();
  }

  /** What may complete {@code t}: field names, or values of its field. */
  suggest(t: Term): Suggestion[] {
    const sign = t.neg ? '-' : '';
    const lower = t.text.toLowerCase();
    if (t.field === null) {
      if (!t.text || t.text.startsWith('"')) return [];
      return [...FIELDS, ...this.attributes].filter((f) => f.toLowerCase().startsWith(lower))
          .slice(0, SHOWN).map((f) => ({ label: `${f}:`, insert: `${sign}${f}:`, kind: 'field' }));
    }
    if (/^[<>=]/.test(t.text)) return [];
    const key = t.field.startsWith('attributes.') && !BUILT_IN.has(t.field.slice(11)) ? t.field.slice(11) : t.field;
    const seen = this.values.get(key) ?? [];
    const all = key === 'severity' ? [...seen, ...SEVERITIES.filter((s) => !seen.includes(s))] : seen;
    return all.filter((v) => v.toLowerCase().startsWith(lower) && v !== t.text).slice(0, SHOWN)
        .map((v) => ({ label: v, insert: `${sign}${t.field}:${quote(v)}`, kind: 'value' }));
  }
}
