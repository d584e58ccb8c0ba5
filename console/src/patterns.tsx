// The Patterns view: the top log templates of the range with their counts, a sparkline each, and
// "new" on those with no event in the week before the range. Clicking one filters Discover to it.
import { useEffect, useState } from 'preact/hooks';
import { AggregateResult, call } from './api';
import { Range, iso, rangeMs } from './view';

const TOP = 20;
/** A pattern with no event in this long before the range is marked new. */
const LOOKBACK_MS = 7 * 86400e3;
const W = 120;
const H = 24;

interface Props {
  token: string;
  q: string;
  range: Range;
  onPick: (id: string) => void;
  onError: (e: unknown) => void;
}

interface Shown {
  agg: AggregateResult;
  seenBefore: Set<string>;
}

export function Patterns({ token, q, range, onPick, onError }: Props) {
  const [shown, setShown] = useState<Shown | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let current = true;
    const [a, b] = rangeMs(range, Date.now());
    const filters = { ...(q.trim() ? { q } : {}), from: iso(a), to: iso(b) };
    setLoading(true);
    (async () => {
      const agg = await call<AggregateResult>('/api/logs/aggregate', token, { ...filters, groupBy: ['pattern'], top: TOP,
        histogram: { interval: 'auto', by: 'pattern', series: TOP } });
      const ids = (agg.groups ?? []).map((g) => g.key.pattern).filter((id): id is string => !!id);
      // Which of them occurred before the range: the rest are new.
      const before = ids.length === 0 ? null : await call<AggregateResult>('/api/logs/aggregate', token,
          { q: ids.map((id) => `pattern:${id}`).join(' OR '), from: iso(a - LOOKBACK_MS), to: iso(a - 1),
            groupBy: ['pattern'], top: TOP });
      return { agg, seenBefore: new Set((before?.groups ?? []).map((g) => g.key.pattern ?? '')) };
    })().then((s) => current && setShown(s), (e) => current && onError(e))
      .finally(() => current && setLoading(false));
    return () => { current = false; };
  }, [token, q, range]);

  if (!shown) return <p class="status" aria-live="polite">{loading ? 'Finding patterns…' : ''}</p>;
  const { agg, seenBefore } = shown;
  const groups = agg.groups ?? [];
  const buckets = agg.histogram?.buckets ?? [];
  return (
    <section class="patterns" aria-label="Patterns">
      <p class="status" aria-live="polite" data-testid="patterns-status">
        {loading ? 'Finding patterns…' : `${groups.length} patterns in ${agg.total.toLocaleString('en')} events`
          + (agg.other ? ` (the top ${TOP}; ${agg.other.toLocaleString('en')} events in the others)` : '')}
      </p>
      {groups.length === 0 ? <p class="empty">No events in this range.</p> : (
        <table class="patterns-table" data-testid="patterns">
          <thead>
            <tr><th scope="col">Count</th><th scope="col">Over the range</th><th scope="col">Template</th>
              <th scope="col">First seen</th><th scope="col">Last seen</th></tr>
          </thead>
          <tbody>
            {groups.map((g) => {
              const id = g.key.pattern ?? '';
              const fresh = !seenBefore.has(id);
              return (
                <tr class="pattern" data-pattern={id}>
                  <td class="count">{g.count.toLocaleString('en')}</td>
                  <td><Sparkline counts={buckets.map((k) => k.series?.[id] ?? 0)} label={`${g.count} events of pattern ${id} over the range`} /></td>
                  <td class="template">
                    <button type="button" class="link" title={g.sample ?? undefined} onClick={() => onPick(id)}
                      aria-label={`Show the ${g.count} events of pattern ${id}${fresh ? ', new' : ''}: ${g.template ?? ''}`}>
                      {fresh && <span class="new" data-testid="new">new</span>}
                      <code>{g.template ?? '(no template)'}</code>
                    </button>
                  </td>
                  <td><time>{g.firstSeen?.replace('.000Z', 'Z')}</time></td>
                  <td><time>{g.lastSeen?.replace('.000Z', 'Z')}</time></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Sparkline({ counts, label }: { counts: number[]; label: string }) {
  const max = Math.max(1, ...counts);
  const step = counts.length > 1 ? W / (counts.length - 1) : W;
  const points = counts.map((n, i) => `${(i * step).toFixed(1)},${(H - 1 - (n / max) * (H - 2)).toFixed(1)}`).join(' ');
  return (
    <svg class="spark" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label}>
      <polyline points={points} />
    </svg>
  );
}
