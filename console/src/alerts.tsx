// The Alerts view: the tenant's rules, a form creating one from the current query (a threshold
// over a window, an optional webhook) or editing one, delete, and a rule's firings and delivery attempts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from './api';

interface Rule {
  id: string;
  name: string;
  query?: { q?: string };
  condition: { type: string; count?: number; window: string; groupBy?: string };
  cooldown?: string;
  notify?: { type: string; url: string; secret?: string }[];
  enabled?: boolean;
  version?: number;
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
  const [count, setCount] = useState('10');
  const [win, setWin] = useState('5m');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [editing, setEditing] = useState<Rule | null>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  const nameField = useRef<HTMLInputElement>(null);

  const load = () => call<{ alerts: Rule[] }>('/api/alerts', token).then((r) => setRules(r.alerts), onError);
  useEffect(() => { load(); }, [token]);

  const webhook = (r: Rule) => r.notify?.find((n) => n.type === 'webhook');
  const edit = (r: Rule | null) => {
    setEditing(r);
    setName(r ? r.name : '');
    setCount(String(r?.condition.count ?? 10));
    setWin(r ? r.condition.window : '5m');
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
      condition: { ...r.condition, count: Number(count), window: win },
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
      const rule = await call<Rule>('/api/alerts', token, {
        name: name.trim() || (q.trim() ? `${q.trim().slice(0, 60)} ≥ ${count} in ${win}` : `≥ ${count} events in ${win}`),
        query: q.trim() ? { q } : {},
        condition: { type: 'threshold', count: Number(count), window: win },
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
        <label for="alert-count">At least</label>
        <input id="alert-count" type="number" min={1} required value={count} class="num"
          onInput={(e) => setCount(e.currentTarget.value)} />
        <label for="alert-window">matches in</label>
        <select id="alert-window" value={win} onChange={(e) => setWin(e.currentTarget.value)}>
          {(WINDOWS.includes(win) ? WINDOWS : [...WINDOWS, win]).map((w) => <option value={w}>{w}</option>)}
        </select>
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
        <button type="submit" disabled={busy || !(Number(count) >= 1)}>{editing ? 'Save changes' : 'Create alert'}</button>
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
                  {r.condition.type === 'threshold' ? `≥ ${r.condition.count} in ${r.condition.window}` : `${r.condition.type} over ${r.condition.window}`}
                  {r.condition.groupBy ? ` per ${r.condition.groupBy}` : ''}
                  {r.enabled === false ? ' (disabled)' : ''}
                  {r.notify && r.notify.length > 0 ? ` → ${r.notify.map((n) => n.type).join(', ')}` : ''}
                </span>
                {r.condition.type === 'threshold' && (
                  <button type="button" class="quiet" aria-label={`Edit alert ${r.name}`} onClick={() => edit(r)}>Edit</button>
                )}
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
