// The time range picker: a relative range (last 15 minutes…) or an absolute one (UTC instants).
import { useEffect, useState } from 'preact/hooks';
import { RELATIVE, Range, rangeMs } from './view';

const LABEL: Record<string, string> = { '5m': 'Last 5 minutes', '15m': 'Last 15 minutes', '1h': 'Last hour',
  '6h': 'Last 6 hours', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };

/** yyyy-MM-ddTHH:mm:ss in UTC, as a datetime-local input shows it. */
function local(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function TimeRange({ range, onChange }: { range: Range; onChange: (r: Range) => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => {
    const [a, b] = rangeMs(range, Date.now());
    setFrom(local(a));
    setTo(local(b));
  }, [range]);
  const choice = range.kind === 'relative' ? range.last : 'absolute';
  const apply = (f: string, t: string) => {
    const a = Date.parse(f + 'Z');
    const b = Date.parse(t + 'Z');
    if (!isNaN(a) && !isNaN(b) && a < b) onChange({ kind: 'absolute', from: new Date(a).toISOString(), to: new Date(b).toISOString() });
  };
  return (
    <fieldset class="range">
      <legend class="sr-only">Time range</legend>
      <label for="range" class="sr-only">Time range</label>
      <select id="range" value={choice} onChange={(e) => {
        const v = e.currentTarget.value;
        if (v === 'absolute') apply(from, to);
        else onChange({ kind: 'relative', last: v });
      }}>
        {RELATIVE.map((r) => <option value={r}>{LABEL[r]}</option>)}
        <option value="absolute">Absolute (UTC)</option>
      </select>
      {choice === 'absolute' && (
        <>
          <label for="from" class="sr-only">From (UTC)</label>
          <input id="from" type="datetime-local" step={1} value={from}
            onChange={(e) => { setFrom(e.currentTarget.value); apply(e.currentTarget.value, to); }} />
          <span aria-hidden="true">→</span>
          <label for="to" class="sr-only">To (UTC)</label>
          <input id="to" type="datetime-local" step={1} value={to}
            onChange={(e) => { setTo(e.currentTarget.value); apply(from, e.currentTarget.value); }} />
        </>
      )}
    </fieldset>
  );
}
