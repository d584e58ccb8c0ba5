// The Discover view: query bar, time range, histogram by severity, and the matching events, newest first.
// The query bar and range are shared by the other views (patterns, alerts, exports), chosen by the tabs under them.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { Alerts } from './alerts';
import { AggregateResult, ApiError, LogEvent, QueryPage, call } from './api';
import { Exports } from './exports';
import { Recent } from './complete';
import { Histogram } from './histogram';
import { Live } from './live';
import { Patterns } from './patterns';
import { QueryInput } from './queryinput';
import { Results } from './results';
import { Session } from './session';
import { TimeRange } from './timerange';
import { Range, TABS, Tab, View, fromUrl, iso, rangeMs, rangeRequest, toUrl, withFilter } from './view';

const TAB_LABEL: Record<Tab, string> = { discover: 'Discover', patterns: 'Patterns', alerts: 'Alerts', exports: 'Exports' };

const PAGE = 100;

interface Shown {
  events: LogEvent[];
  cursor: string | null;
  agg: AggregateResult | null;
  span: [number, number];
}

export function Discover({ session, onExpired }: { session: Session; onExpired: () => void }) {
  const [view, setView] = useState<View>(() => fromUrl(location.search));
  const [draft, setDraft] = useState(view.q);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [more, setMore] = useState(false);
  const [live, setLive] = useState(false);
  const run = useRef(0);
  const recent = useRef(new Recent());

  const go = (v: View) => {
    if (toUrl(v) !== location.search) history.pushState(null, '', toUrl(v));
    setDraft(v.q);
    setView(v);
  };

  useEffect(() => {
    const back = () => {
      const v = fromUrl(location.search);
      setDraft(v.q);
      setView(v);
    };
    addEventListener('popstate', back);
    return () => removeEventListener('popstate', back);
  }, []);

  const failed = useCallback((e: unknown) => {
    if (e instanceof ApiError && e.status === 401) onExpired();
    else setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e)));
  }, [onExpired]);

  useEffect(() => {
    const mine = ++run.current;
    if (view.tab !== 'discover') {
      setLoading(false);
      return;
    }
    const span = rangeMs(view.range, Date.now());
    // A relative range is sent as it is; the histogram gets the same instants so both agree.
    const time = view.range.kind === 'relative' ? { from: iso(span[0]), to: iso(span[1]) } : rangeRequest(view.range);
    const filters = { ...(view.q.trim() ? { q: view.q } : {}), ...time };
    setLoading(true);
    setError(null);
    Promise.all([
      call<QueryPage>('/api/logs/query', session.token, { ...filters, limit: PAGE }),
      call<AggregateResult>('/api/logs/aggregate', session.token,
          { ...filters, histogram: { interval: 'auto', by: 'severity', series: 6 } }),
    ]).then(([page, agg]) => {
      if (mine !== run.current) return;
      performance.mark('tributary:arrived');
      recent.current.see(page.events, true);
      setShown({ events: page.events, cursor: page.nextCursor, agg, span });
    }).catch((e) => {
      if (mine === run.current) failed(e);
    }).finally(() => {
      if (mine === run.current) setLoading(false);
    });
  }, [view, session.token]);

  const loadMore = async () => {
    if (!shown?.cursor || more) return;
    const mine = run.current;
    setMore(true);
    try {
      const time = { from: iso(shown.span[0]), to: iso(shown.span[1]) };
      const page = await call<QueryPage>('/api/logs/query', session.token,
          { ...(view.q.trim() ? { q: view.q } : {}), ...time, limit: PAGE, cursor: shown.cursor });
      if (mine === run.current) {
        recent.current.see(page.events, false);
        setShown((s) => s && { ...s, events: [...s.events, ...page.events], cursor: page.nextCursor });
      }
    } catch (e) {
      failed(e);
    } finally {
      setMore(false);
    }
  };

  const setRange = (range: Range) => go({ ...view, q: draft, range });
  const filter = (t: string, out: boolean) => go({ ...view, q: withFilter(view.q, t, out) });
  const qError = error && error.field === 'q' ? error : null;

  return (
    <section class="discover" aria-label="Discover">
      <form class="querybar" role="search" onSubmit={(e) => { e.preventDefault(); go({ ...view, q: draft }); }}>
        <div class="q">
          <label for="q" class="sr-only">Query</label>
          <QueryInput value={draft} onInput={setDraft} recent={recent.current} invalid={!!qError} />
          {qError && qError.column !== undefined && (
            <div class="caret" aria-hidden="true">{draft.slice(0, qError.column - 1).replace(/[^\s]/g, ' ') + '^'}</div>
          )}
        </div>
        <TimeRange range={view.range} onChange={setRange} />
        <button type="submit">Search</button>
        {view.tab === 'discover' && (
          <button type="button" class="toggle" aria-pressed={live} data-testid="tail-toggle"
            onClick={() => { setError(null); setLive(!live); }}>{live ? 'Stop live tail' : 'Live tail'}</button>
        )}
      </form>
      <p id="q-help" class="hint">
        Words, <code>"phrases"</code>, <code>prefix*</code>, <code>field:value</code>, <code>status:&gt;=500</code>,
        {' '}<code>severity:&gt;=warn</code>, <code>AND</code> <code>OR</code> <code>NOT</code>/<code>-</code>, parentheses.
      </p>
      <div id="q-error" role="alert" class="error">{error ? `${error.code}: ${error.detail}` : ''}</div>
      <nav class="tabs" aria-label="Views">
        {TABS.map((t) => (
          <button type="button" class="tab" data-tab={t} aria-current={view.tab === t ? 'page' : undefined}
            onClick={() => { setError(null); setLive(false); go({ ...view, q: draft, tab: t }); }}>{TAB_LABEL[t]}</button>
        ))}
      </nav>
      {view.tab === 'patterns' && (
        <Patterns token={session.token} q={view.q} range={view.range} onError={failed}
          onPick={(id) => go({ ...view, tab: 'discover', q: withFilter(view.q, `pattern:${id}`, false) })} />
      )}
      {view.tab === 'alerts' && <Alerts token={session.token} q={view.q} onError={failed} onOk={() => setError(null)} />}
      {view.tab === 'exports' && (
        <Exports token={session.token} q={view.q} range={view.range} onError={failed} onOk={() => setError(null)} />
      )}
      {view.tab === 'discover' && <div aria-live="polite" class="status" data-testid="status">
        {live ? '' : loading ? 'Searching…' : shown ? `${(shown.agg?.total ?? 0).toLocaleString('en')} events match` : ''}
      </div>}
      {view.tab === 'discover' && live && <Live token={session.token} q={view.q} onFilter={filter} onError={failed}
        onSeen={(e) => recent.current.see([e], false)} />}
      {view.tab === 'discover' && !live && shown?.agg?.histogram && (
        <Histogram histogram={shown.agg.histogram} span={shown.span}
          onZoom={(a, b) => setRange({ kind: 'absolute', from: iso(a), to: iso(b) })} />
      )}
      {view.tab === 'discover' && !live && shown && (
        <Results events={shown.events} hasMore={shown.cursor !== null} loadingMore={more}
          onMore={loadMore} onFilter={filter} />
      )}
    </section>
  );
}
