// The Exports view: an export job of the current query and range (POST /api/exports), its progress
// polled from GET /api/exports/{id}, and a link to the file once it is written.
import { useEffect, useState } from 'preact/hooks';
import { call } from './api';
import { Range, iso, rangeMs } from './view';

interface Job {
  id: string;
  state: 'running' | 'completed' | 'failed' | 'cancelled';
  progress?: { events: number; bytes: number; percent: number };
  result?: { url: string; events: number; bytes: number; sha256: string } | null;
  error?: string;
}

interface Props {
  token: string;
  q: string;
  range: Range;
  onError: (e: unknown) => void;
  /** A request succeeded: an earlier refusal shown under the query bar no longer applies. */
  onOk: () => void;
}

const POLL_MS = 500;

export function Exports({ token, q, range, onError, onOk }: Props) {
  const [format, setFormat] = useState('ndjson');
  const [job, setJob] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const t = setTimeout(() => {
      call<Job>(`/api/exports/${encodeURIComponent(job.id)}`, token).then(setJob, onError);
    }, POLL_MS);
    return () => clearTimeout(t);
  }, [job, token]);

  const start = async () => {
    setBusy(true);
    try {
      const [a, b] = rangeMs(range, Date.now());
      setJob(await call<Job>('/api/exports', token, { ...(q.trim() ? { q } : {}), from: iso(a), to: iso(b), format }));
      onOk();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      await call<null>(`/api/exports/${encodeURIComponent(job.id)}`, token, undefined, 'DELETE');
      setJob(await call<Job>(`/api/exports/${encodeURIComponent(job.id)}`, token));
    } catch (e) {
      onError(e);
    }
  };

  const percent = job?.progress?.percent ?? 0;
  const local = job?.result?.url.startsWith('file:');
  return (
    <section class="exports" aria-label="Exports">
      <form class="create" aria-label="Export the query" onSubmit={(e) => { e.preventDefault(); start(); }}>
        <h2>Export <code>{q.trim() || 'every event'}</code> in the range</h2>
        <label for="export-format">Format</label>
        <select id="export-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
          <option value="ndjson">NDJSON</option>
          <option value="csv">CSV</option>
          <option value="json">JSON</option>
        </select>
        <button type="submit" disabled={busy || job?.state === 'running'}>Start export</button>
      </form>
      {job && (
        <div class="job" data-testid="export-job" data-state={job.state}>
          <p>Export <code>{job.id}</code>: <strong data-testid="export-state">{job.state}</strong></p>
          <progress max={100} value={percent} aria-label="Export progress" data-testid="export-progress" />
          <p class="status" aria-live="polite">
            {percent}% · {(job.progress?.events ?? 0).toLocaleString('en')} events · {bytes(job.progress?.bytes ?? 0)}
          </p>
          {job.state === 'running' && <button type="button" onClick={cancel}>Cancel export</button>}
          {job.result && (
            <p data-testid="export-result">
              {local ? <>Written to <code data-testid="export-path">{decodeURI(job.result.url.replace(/^file:\/\//, ''))}</code> on the runtime's machine</>
                : <a href={job.result.url} download data-testid="export-download">Download</a>}
              {' '}({job.result.events.toLocaleString('en')} events, {bytes(job.result.bytes)}, sha256 <code>{job.result.sha256.slice(0, 16)}…</code>)
            </p>
          )}
          {job.error && <p class="error" role="alert">{job.error}</p>}
        </div>
      )}
    </section>
  );
}

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
