// The matching events: one row each, expandable to its fields with "filter for / filter out" per value.
import { useEffect, useRef, useState } from 'preact/hooks';
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

export function Results({ events, hasMore, loadingMore, onMore, onFilter, endText }: Props) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const end = useRef<HTMLDivElement>(null);
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
  return (
    <section class="results" aria-label="Events">
      <ol class="events" data-testid="events">
        {events.map((e) => (
          <li key={e.id} class="event">
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
