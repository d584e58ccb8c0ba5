// The Exports view: an export job of the current query and range (POST /api/exports), its progress
// polled from GET /api/exports/{id}, its file downloaded once written, and the tenant's recent jobs
// (GET /api/exports), each with its download.
import { useEffect, useState } from 'preact/hooks';
import { call, download } from './api';
import { Range, iso, rangeMs } from './view';

interface Job {
  id: string;
  state: 'running' | 'completed' | 'failed' | 'cancelled';
  progress?: { events: number; bytes: number; percent: number };
  /** url: where the file is (a file: URI locally, a SAS link in Azure); download: the route serving it, when url is a file: URI. */
  result?: { url: string; download?: string; events: number; bytes: number; sha256: string } | null;
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
const LISTED = 20;

export function Exports({ token, q, range, onError, onOk }: Props) {
  const [format, setFormat] = useState('ndjson');
  const [job, setJob] = useState<Job | null>(null);
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');

  const refresh = () => call<{ jobs: Job[] }>(`/api/exports?limit=${LISTED}`, token).then((r) => setJobs(r.jobs), onError);
  useEffect(() => { refresh(); }, [token]);

  useEffect(() => {
    if (!job) return;
    if (job.state !== 'running') {
      refresh();
      return;
    }
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

  const save = async (j: Job) => {
    try {
      setSaved(`Saved ${await download(j.result!.download!, token)}`);
      onOk();
    } catch (e) {
      onError(e);
    }
  };

  const percent = job?.progress?.percent ?? 0;
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
              <Download job={job} onSave={save} testid="export-download" />
              {' '}({job.result.events.toLocaleString('en')} events, {bytes(job.result.bytes)}, sha256 <code>{job.result.sha256.slice(0, 16)}…</code>)
            </p>
          )}
          {job.error && <p class="error" role="alert">{job.error}</p>}
        </div>
      )}
      <p class="status" aria-live="polite" data-testid="export-saved">{saved}</p>
      <h2 class="listhead">Recent exports</h2>
      {jobs && jobs.length === 0 && <p class="empty">No exports yet.</p>}
      {jobs && jobs.length > 0 && (
        <table class="patterns-table jobs" data-testid="export-jobs">
          <thead><tr><th scope="col">Job</th><th scope="col">State</th><th scope="col">Events</th><th scope="col">Size</th><th scope="col">File</th></tr></thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id} class="exportjob" data-id={j.id} data-state={j.state}>
                <td><code>{j.id}</code></td>
                <td>{j.state}{j.state === 'running' ? ` (${j.progress?.percent ?? 0}%)` : ''}</td>
                <td class="count">{(j.result?.events ?? j.progress?.events ?? 0).toLocaleString('en')}</td>
                <td class="count">{bytes(j.result?.bytes ?? j.progress?.bytes ?? 0)}</td>
                <td>{j.result ? <Download job={j} onSave={save} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The file of a completed job: a button fetching it with the token (local runtime), or a link to its own URL (Azure's SAS link). */
function Download({ job, onSave, testid }: { job: Job; onSave: (j: Job) => void; testid?: string }) {
  const r = job.result!;
  if (r.download) {
    return <button type="button" class="download" data-testid={testid} aria-label={`Download export ${job.id}`}
      onClick={() => onSave(job)}>Download</button>;
  }
  if (r.url.startsWith('file:')) {
    return <>Written to <code data-testid="export-path">{decodeURI(r.url.replace(/^file:\/\//, ''))}</code> on the runtime's machine</>;
  }
  return <a href={r.url} download data-testid={testid} aria-label={`Download export ${job.id}`}>Download</a>;
}

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
