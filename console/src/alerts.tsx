// The Alerts view: the tenant's rules, a form creating one from the current query (a condition of
// any type the API takes: threshold, absence, rate change, new pattern; an optional group and webhook)
// or editing one, delete, and a rule's firings and delivery attempts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from './api';

interface Rule {
  id: string;
  name: string;
  query?: { q?: string };
  condition: Condition;
  cooldown?: string;
  notify?: { type: string; url: string; secret?: string }[];
  enabled?: boolean;
  version?: number;
}

type Kind = 'threshold' | 'absence' | 'rateChange' | 'newPattern';

interface Condition {
  type: Kind | string;
  count?: number;
  window: string;
  groupBy?: string;
  factor?: number;
  baseline?: string;
  direction?: 'up' | 'down' | 'both';
}

const KINDS: [Kind, string][] = [
  ['threshold', 'At least N matches in a window'],
  ['absence', 'Fewer than N matches in a window (gone silent)'],
  ['rateChange', 'The rate changes against a baseline'],
  ['newPattern', 'A log pattern not seen before'],
];
/** Baselines offered for a rate change, the API's default (ten windows) first; each must be at least two windows. */
const BASELINES = ['10m', '30m', '1h', '6h', '24h', '7d'];

/** A duration such as 5m, 1h, 7d in milliseconds. */
function ms(d: string): number {
  const m = /^([0-9]+)(ms|s|m|h|d)$/.exec(d.trim());
  if (!m) return NaN;
  return Number(m[1]) * { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
}

/** A condition in a few words, as the list shows it. */
export function describe(c: Condition): string {
  const per = c.groupBy ? ` per ${c.groupBy}` : '';
  switch (c.type) {
    case 'threshold': return `≥ ${c.count} in ${c.window}${per}`;
    case 'absence': return `< ${c.count} in ${c.window}${per}`;
    case 'rateChange': return `rate ×${c.factor} ${c.direction === 'both' ? 'up or down' : c.direction} in ${c.window} vs ${c.baseline}${per}`;
    case 'newPattern': return `new pattern (learns ${c.window})${per}`;
    default: return `${c.type} over ${c.window}${per}`;
  }
}

interface Firing { id: string; state: string; group: string | null; count: number; threshold: number; at: string;
  windowStart: string; windowEnd: string }
interface Delivery { deliveryId: string; target: string; attempt: number; at: string; outcome: string;
  status?: number; failure?: string }

interface Props {
  token: string;
  q: string;
  onError: (e: unknown) => void;
  /** A request succeeded: an earlier refusal shown under the query bar no longer applies. */
  onOk: () => void;
}

const WINDOWS = ['1m', '5m', '15m', '1h', '24h'];
/** How often an open rule's firings and deliveries are read again. */
const REFRESH_MS = 3000;

export function Alerts({ token, q, onError, onOk }: Props) {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('threshold');
  const [count, setCount] = useState('10');
  const [win, setWin] = useState('5m');
  const [factor, setFactor] = useState('3');
  const [baseline, setBaseline] = useState('');
  const [direction, setDirection] = useState<'up' | 'down' | 'both'>('up');
  const [groupBy, setGroupBy] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [editing, setEditing] = useState<Rule | null>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  const nameField = useRef<HTMLInputElement>(null);

  const load = () => call<{ alerts: Rule[] }>('/api/alerts', token).then((r) => setRules(r.alerts), onError);
  useEffect(() => { load(); }, [token]);

  // The condition the form says: only the fields its type takes (the API refuses the others).
  const condition = (): Condition => {
    const c: Condition = { type: kind, window: win, ...(groupBy.trim() ? { groupBy: groupBy.trim() } : {}) };
    if (kind !== 'newPattern') c.count = Number(count);
    if (kind === 'rateChange') {
      c.factor = Number(factor);
      c.direction = direction;
      if (baseline) c.baseline = baseline;
    }
    return c;
  };
  const countOk = kind === 'newPattern' || Number(count) >= 1;
  const factorOk = kind !== 'rateChange' || Number(factor) > 1;

  const webhook = (r: Rule) => r.notify?.find((n) => n.type === 'webhook');
  const edit = (r: Rule | null) => {
    setEditing(r);
    setName(r ? r.name : '');
    setKind(r && KINDS.some(([k]) => k === r.condition.type) ? r.condition.type as Kind : 'threshold');
    setCount(String(r?.condition.count ?? 10));
    setWin(r ? r.condition.window : '5m');
    setFactor(String(r?.condition.factor ?? 3));
    setBaseline(r?.condition.baseline ?? '');
    setDirection(r?.condition.direction ?? 'up');
    setGroupBy(r?.condition.groupBy ?? '');
    setUrl(r ? webhook(r)?.url ?? '' : '');
    setSecret('');
    setEnabled(r ? r.enabled !== false : true);
    nameField.current?.focus();
  };

  // A rule is replaced whole (PUT, If-Match its version): its query, cooldown and other targets are
  // sent back as they are; a webhook's secret is never shown, so it is kept only when typed again.
  const save = async (r: Rule) => {
    const others = (r.notify ?? []).filter((n) => n !== webhook(r));
    const saved = await call<Rule>(`/api/alerts/${encodeURIComponent(r.id)}`, token, {
      name: name.trim() || r.name,
      query: r.query ?? {},
      condition: condition(),
      ...(r.cooldown ? { cooldown: r.cooldown } : {}),
      notify: [...(url.trim() ? [{ type: 'webhook', url: url.trim(), ...(secret ? { secret } : {}) }] : []), ...others],
      enabled,
    }, 'PUT', { 'If-Match': `"${r.version ?? '*'}"` });
    setSaid(`Saved “${saved.name}”.`);
  };

  const create = async () => {
    setBusy(true);
    try {
      if (editing) {
        await save(editing);
        onOk();
        edit(null);
        await load();
        return;
      }
      const c = condition();
      const rule = await call<Rule>('/api/alerts', token, {
        name: name.trim() || `${q.trim() ? q.trim().slice(0, 60) : 'every event'}: ${describe(c)}`,
        query: q.trim() ? { q } : {},
        condition: c,
        notify: url.trim() ? [{ type: 'webhook', url: url.trim() }] : [],
      });
      onOk();
      setSaid(`Created “${rule.name}”.`);
      setName('');
      await load();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (r: Rule) => {
    try {
      await call<null>(`/api/alerts/${encodeURIComponent(r.id)}`, token, undefined, 'DELETE');
      onOk();
      setSaid(`Deleted “${r.name}”.`);
      if (open === r.id) setOpen(null);
      if (editing?.id === r.id) edit(null);
      await load();
    } catch (e) {
      onError(e);
    }
  };

  return (
    <section class="alerts" aria-label="Alerts">
      <form class="create" aria-label={editing ? `Edit alert ${editing.name}` : 'New alert from the query'}
        onSubmit={(e) => { e.preventDefault(); create(); }}>
        <h2>{editing ? <>Edit “{editing.name}” on <code>{editing.query?.q || 'every event'}</code></>
          : <>New alert on <code>{q.trim() || 'every event'}</code></>}</h2>
        <label for="alert-name">Name</label>
        <input id="alert-name" ref={nameField} value={name} placeholder="named after the query" maxLength={200}
          onInput={(e) => setName(e.currentTarget.value)} />
        <label for="alert-type">Fires on</label>
        <select id="alert-type" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
          {KINDS.map(([k, text]) => <option value={k}>{text}</option>)}
        </select>
        {kind === 'rateChange' && (
          <>
            <label for="alert-direction">Rate going</label>
            <select id="alert-direction" value={direction} onChange={(e) => setDirection(e.currentTarget.value as 'up' | 'down' | 'both')}>
              <option value="up">up</option>
              <option value="down">down</option>
              <option value="both">up or down</option>
            </select>
            <label for="alert-factor">by a factor of</label>
            <input id="alert-factor" type="number" min={1.1} step={0.1} required value={factor} class="num"
              onInput={(e) => setFactor(e.currentTarget.value)} />
          </>
        )}
        {(kind === 'threshold' || kind === 'absence') && (
          <>
            <label for="alert-count">{kind === 'threshold' ? 'At least' : 'Fewer than'}</label>
            <input id="alert-count" type="number" min={1} required value={count} class="num"
              onInput={(e) => setCount(e.currentTarget.value)} />
          </>
        )}
        <label for="alert-window">{kind === 'newPattern' ? 'after learning for' : kind === 'rateChange' ? 'in a window of' : 'matches in'}</label>
        <select id="alert-window" value={win} onChange={(e) => setWin(e.currentTarget.value)}>
          {(WINDOWS.includes(win) ? WINDOWS : [...WINDOWS, win]).map((w) => <option value={w}>{w}</option>)}
        </select>
        {kind === 'rateChange' && (
          <>
            <label for="alert-baseline">against the last</label>
            <select id="alert-baseline" value={baseline} onChange={(e) => setBaseline(e.currentTarget.value)}>
              <option value="">ten windows</option>
              {[...BASELINES.filter((b) => ms(b) >= 2 * ms(win)), ...(baseline && !BASELINES.includes(baseline) ? [baseline] : [])]
                .map((b) => <option value={b}>{b}</option>)}
            </select>
            <label for="alert-count">with at least</label>
            <input id="alert-count" type="number" min={1} required value={count} class="num" aria-describedby="alert-count-hint"
              onInput={(e) => setCount(e.currentTarget.value)} />
            <span id="alert-count-hint" class="hint">matches in the baseline</span>
          </>
        )}
        <label for="alert-group">per (optional)</label>
        <input id="alert-group" value={groupBy} placeholder="service, host, pattern…" class="num wider" autoComplete="off"
          onInput={(e) => setGroupBy(e.currentTarget.value)} />
        <label for="alert-url">Webhook (optional)</label>
        <input id="alert-url" type="url" value={url} placeholder="https://…" class="wide"
          onInput={(e) => setUrl(e.currentTarget.value)} />
        {editing && webhook(editing)?.secret && (
          <>
            <label for="alert-secret">Webhook secret</label>
            <input id="alert-secret" type="password" value={secret} autoComplete="off" aria-describedby="alert-secret-hint"
              onInput={(e) => setSecret(e.currentTarget.value)} />
            <span id="alert-secret-hint" class="hint">not shown by the API: type it again, or the webhook is sent unsigned</span>
          </>
        )}
        {editing && (
          <label class="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Enabled</label>
        )}
        <button type="submit" disabled={busy || !countOk || !factorOk}>{editing ? 'Save changes' : 'Create alert'}</button>
        {editing && <button type="button" class="quiet" onClick={() => edit(null)}>Cancel edit</button>}
      </form>
      <p class="status" aria-live="polite" data-testid="alerts-status">{said}</p>
      {rules === null ? <p class="status">Loading rules…</p> : rules.length === 0 ? <p class="empty">No alert rules yet.</p> : (
        <ul class="rules" data-testid="alerts">
          {rules.map((r) => (
            <li class="rule" data-alert={r.id}>
              <div class="rulerow">
                <button type="button" class="link" aria-expanded={open === r.id}
                  onClick={() => setOpen(open === r.id ? null : r.id)}>
                  <strong class="name">{r.name}</strong>
                </button>
                <span class="what">
                  <code>{r.query?.q || 'every event'}</code>{' '}
                  {describe(r.condition)}
                  {r.enabled === false ? ' (disabled)' : ''}
                  {r.notify && r.notify.length > 0 ? ` → ${r.notify.map((n) => n.type).join(', ')}` : ''}
                </span>
                <button type="button" class="quiet" aria-label={`Edit alert ${r.name}`} onClick={() => edit(r)}>Edit</button>
                <button type="button" class="quiet" aria-label={`Delete alert ${r.name}`} onClick={() => remove(r)}>Delete</button>
              </div>
              {open === r.id && <History token={token} id={r.id} onError={onError} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ token, id, onError }: { token: string; id: string; onError: (e: unknown) => void }) {
  const [events, setEvents] = useState<Firing[] | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  // Read now and again every few seconds while open: a rule fires as events arrive.
  useEffect(() => {
    const path = `/api/alerts/${encodeURIComponent(id)}`;
    let t = 0;
    let current = true;
    const read = () => Promise.all([
      call<{ events: Firing[] }>(`${path}/events?limit=50`, token),
      call<{ deliveries: Delivery[] }>(`${path}/deliveries?limit=50`, token),
    ]).then(([e, d]) => {
      if (!current) return;
      setEvents(e.events);
      setDeliveries(d.deliveries);
      t = window.setTimeout(read, REFRESH_MS);
    }, (e) => current && onError(e));
    read();
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [token, id]);
  return (
    <div class="history" data-testid="alert-history">
      <h3>Firings</h3>
      {events === null ? <p class="status">Loading…</p> : events.length === 0 ? <p class="empty" data-testid="no-firings">Has not fired.</p> : (
        <table class="fields" data-testid="firings"><tbody>
          {events.map((f) => <tr class="firing"><td><time dateTime={f.at}>{short(f.at)}</time></td><td>{f.state}</td>
            <td>{f.group ?? ''}</td><td>{f.count} / {f.threshold} in {short(f.windowStart)} – {short(f.windowEnd)}</td></tr>)}
        </tbody></table>
      )}
      <h3>Deliveries</h3>
      {deliveries === null ? <p class="status">Loading…</p> : deliveries.length === 0 ? <p class="empty" data-testid="no-deliveries">None.</p> : (
        <table class="fields" data-testid="deliveries"><tbody>
          {deliveries.map((d) => <tr class="delivery"><td><time dateTime={d.at}>{short(d.at)}</time></td><td>{d.target}</td><td>attempt {d.attempt}</td>
            <td>{d.outcome}{d.status ? ` (${d.status})` : ''}{d.failure ? `: ${d.failure}` : ''}</td></tr>)}
        </tbody></table>
      )}
    </div>
  );
}

/** An instant to the second: 2026-11-29T21:57:04Z. */
function short(t: string): string {
  return t.replace(/\.[0-9]+Z$/, 'Z');
}
