// Live tail: follows new matching events as they are stored, with pause and a rate indicator.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, LogEvent } from './api';
import { Results } from './results';
import { follow } from './tail';

const KEEP = 1000;
const RATE_WINDOW_MS = 10_000;

interface Props {
  token: string;
  q: string;
  onFilter: (term: string, out: boolean) => void;
  onError: (e: ApiError) => void;
  /** Each new event, for the query bar's completion of recent values. */
  onSeen?: (e: LogEvent) => void;
}

export function Live({ token, q, onFilter, onError, onSeen }: Props) {
  const [events, setEvents] = useState<LogEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState<LogEvent[]>([]);
  const [state, setState] = useState('connecting');
  const [rate, setRate] = useState(0);
  const arrivals = useRef<number[]>([]);
  const pausedRef = useRef(false);
  pausedRef.current = paused;

  useEffect(() => {
    setEvents([]);
    setHeld([]);
    arrivals.current = [];
    const seen = new Set<string>();
    const stop = follow(token, q, {
      onEvent: (e) => {
        if (seen.has(e.id)) return; // a replay after a reconnect may repeat an event
        seen.add(e.id);
        arrivals.current.push(Date.now());
        onSeen?.(e);
        if (pausedRef.current) setHeld((h) => [e, ...h].slice(0, KEEP));
        else setEvents((l) => [e, ...l].slice(0, KEEP));
      },
      onState: (s, why) => setState(why ? `${s} (${why})` : s),
      onError,
    });
    const tick = setInterval(() => {
      const now = Date.now();
      arrivals.current = arrivals.current.filter((t) => now - t < RATE_WINDOW_MS);
      setRate(arrivals.current.length / (RATE_WINDOW_MS / 1000));
    }, 1000);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, [token, q]);

  const resume = () => {
    setEvents((l) => [...held, ...l].slice(0, KEEP));
    setHeld([]);
    setPaused(false);
  };

  return (
    <section class="live" aria-label="Live tail">
      <div class="livebar">
        <span class={`dot ${state === 'live' && !paused ? 'on' : ''}`} aria-hidden="true" />
        <span data-testid="tail-state">{paused ? 'paused' : state}</span>
        <span class="rate" data-testid="tail-rate" aria-label="Arrival rate">{rate.toFixed(1)} events/s</span>
        {paused
          ? <button type="button" onClick={resume}>Resume{held.length ? ` (${held.length} new)` : ''}</button>
          : <button type="button" onClick={() => setPaused(true)}>Pause</button>}
      </div>
      {events.length === 0
        ? <p class="empty" aria-live="polite">Waiting for new events that match…</p>
        : <Results events={events} hasMore={false} loadingMore={false} onMore={() => {}} onFilter={onFilter}
            endText={`${events.length} new events, newest first`} />}
    </section>
  );
}
