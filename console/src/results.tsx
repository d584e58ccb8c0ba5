// The matching events: one row each, expandable to its fields with "filter for / filter out" per value;
// only the rows in view are in the DOM (virtual scrolling).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { LogEvent } from './api';
import { term } from './view';

interface Props {
  events: LogEvent[];
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  onFilter: (term: string, out: boolean) => void;
  /** What the end of the list says when there is no more; by default how many events were shown. */
  endText?: string;
}

/** A collapsed row's height before it is measured (px); measured heights replace it. */
const ESTIMATE = 29;
/** Rows rendered beyond the viewport, above and below (px). */
const MARGIN = 600;

/**
 * The rows in view plus a margin, between two spacers as tall as the rows left out (virtual
 * scrolling): heights are measured once rendered (an opened row is taller) and estimated before,
 * so 10,000 events cost the DOM of a screenful. The window scrolls; the next page comes when the
 * end of the loaded rows is near.
 */
export function Results({ events, hasMore, loadingMore, onMore, onFilter, endText }: Props) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const list = useRef<HTMLOListElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const heights = useRef<Map<string, number>>(new Map());
  const [, setMeasured] = useState(0);
  const [win, setWin] = useState<[number, number]>([0, Math.ceil((innerHeight + MARGIN) / ESTIMATE)]);

  // Offsets of every row's top from the list's top: estimated where not yet measured.
  const offsets = new Array<number>(events.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < events.length; i++) offsets[i + 1] = offsets[i] + (heights.current.get(events[i].id) ?? ESTIMATE);

  const place = () => {
    const el = list.current;
    if (!el) return;
    const top = -el.getBoundingClientRect().top - MARGIN;
    const bottom = top + innerHeight + 2 * MARGIN;
    let a = 0;
    let lo = 0, hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] <= top) lo = mid + 1;
      else hi = mid;
    }
    a = lo;
    let b = a;
    while (b < events.length && offsets[b] < bottom) b++;
    setWin((w) => (w[0] === a && w[1] === b ? w : [a, b]));
  };

  useEffect(() => {
    let queued = false;
    const on = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; place(); });
    };
    addEventListener('scroll', on, { passive: true });
    addEventListener('resize', on);
    place();
    return () => { removeEventListener('scroll', on); removeEventListener('resize', on); };
  });

  useLayoutEffect(() => {
    // Measure the rows rendered; a changed height moves the rows after it.
    let changed = false;
    list.current?.querySelectorAll<HTMLLIElement>('li.event').forEach((li) => {
      const id = li.dataset.id!;
      const h = li.getBoundingClientRect().height;
      if (h > 0 && Math.abs((heights.current.get(id) ?? ESTIMATE) - h) > 0.5) {
        heights.current.set(id, h);
        changed = true;
      }
    });
    if (changed) setMeasured((n) => n + 1);
  });

  useEffect(() => {
    // The next page comes when the end of the list scrolls into sight.
    if (!hasMore || !end.current || typeof IntersectionObserver === 'undefined') return;
    const o = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && onMore(), { rootMargin: '400px' });
    o.observe(end.current);
    return () => o.disconnect();
  }, [hasMore, events.length]);
  useEffect(() => {
    // How long the rows took to show after the answer arrived, for the browser test to report.
    requestAnimationFrame(() => {
      if (performance.getEntriesByName('tributary:arrived').length) {
        performance.measure('tributary:rendered', 'tributary:arrived');
        performance.clearMarks('tributary:arrived');
      }
    });
  }, [events]);
  const toggle = (id: string) => setOpen((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  if (events.length === 0) return <p class="empty">No events in this range match.</p>;
  const a = Math.min(win[0], events.length);
  const b = Math.min(Math.max(win[1], a), events.length);
  return (
    <section class="results" aria-label="Events">
      <ol class="events" data-testid="events" data-loaded={events.length} start={a + 1} ref={list}
        style={{ paddingTop: `${offsets[a]}px`, paddingBottom: `${offsets[events.length] - offsets[b]}px` }}>
        {events.slice(a, b).map((e, k) => (
          <li key={e.id} class="event" data-id={e.id} aria-posinset={a + k + 1} aria-setsize={hasMore ? -1 : events.length}>
            <button type="button" class="row" aria-expanded={open.has(e.id)} onClick={() => toggle(e.id)}>
              <time dateTime={e.timestamp}>{e.timestamp.replace('T', ' ').replace('Z', '')}</time>
              <span class={`sevtag sev-${(e.severity ?? 'NONE').toUpperCase()}`}>{e.severity ?? '—'}</span>
              <span class="service">{e.service}</span>
              <span class="message">{e.message}</span>
            </button>
            {open.has(e.id) && <Fields event={e} onFilter={onFilter} />}
          </li>
        ))}
      </ol>
      <div ref={end} class="more">
        {hasMore && (
          <button type="button" onClick={onMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
        {!hasMore && <span class="hint">{endText ?? `${events.length} events shown, the last of them.`}</span>}
      </div>
    </section>
  );
}

function Fields({ event, onFilter }: { event: LogEvent; onFilter: (t: string, out: boolean) => void }) {
  const rows: [string, string, string | null][] = [
    ['timestamp', event.timestamp, null],
    ['severity', event.severity ?? '', event.severity ? term('severity', event.severity, false) : null],
    ['service', event.service, term('service', event.service, false)],
    ['host', event.host, event.host ? term('host', event.host, false) : null],
    ['message', event.message, null],
    ['id', event.id, null],
  ];
  for (const [k, v] of Object.entries(event.attributes ?? {})) {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    rows.push([`attributes.${k}`, text, typeof v === 'object' && v !== null ? null : term(k, text, true)]);
  }
  return (
    <table class="fields">
      <caption class="sr-only">Fields of event {event.id}</caption>
      <tbody>
        {rows.map(([k, v, t]) => (
          <tr>
            <th scope="row">{k}</th>
            <td class="actions">
              {t && (
                <>
                  <button type="button" class="icon" title={`Filter for ${t}`} aria-label={`Filter for ${k} ${v}`}
                    onClick={() => onFilter(t, false)}>⊕</button>
                  <button type="button" class="icon" title={`Filter out ${t}`} aria-label={`Filter out ${k} ${v}`}
                    onClick={() => onFilter(t, true)}>⊖</button>
                </>
              )}
            </td>
            <td class="value">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
