// The shell: sign-in until there is a session, then the Discover view under a header naming the tenant.
import { useState } from 'preact/hooks';
import { ApiError } from './api';
import { Discover } from './discover';
import { Session, loadSession, saveSession, signIn, localSession, onLoopback } from './session';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const use = (s: Session | null) => {
    saveSession(s);
    setSession(s);
  };
  if (!session) return <SignIn onSession={use} />;
  return (
    <div class="shell">
      <header class="top">
        <h1>Tributary</h1>
        <span class="tenant" data-testid="tenant" aria-label={`Tenant ${session.tenant}`}>
          tenant <strong>{session.tenant}</strong>
        </span>
        <button type="button" class="quiet" onClick={() => use(null)}>Sign out</button>
      </header>
      <main>
        <Discover session={session} onExpired={() => use(null)} />
      </main>
    </div>
  );
}

function SignIn({ onSession }: { onSession: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [tenant, setTenant] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const attempt = async (f: () => Promise<Session>) => {
    setBusy(true);
    setError('');
    try {
      onSession(await f());
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.detail}` : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Tributary</h1>
      <form onSubmit={(e) => { e.preventDefault(); attempt(() => signIn(token)); }}>
        <label for="token">Access token</label>
        <textarea id="token" rows={4} value={token} spellcheck={false} autoComplete="off"
          placeholder="eyJhbGciOi…" onInput={(e) => setToken(e.currentTarget.value)} />
        <p class="hint">Kept for this browser tab only. <code>./tributary token --tenant acme --roles logs.read</code> prints one.</p>
        <button type="submit" disabled={busy || !token.trim()}>Sign in</button>
      </form>
      {onLoopback() && (
        <form class="local" onSubmit={(e) => { e.preventDefault(); attempt(() => localSession(tenant.trim())); }}>
          <h2>Local session</h2>
          <p class="hint">On the local runtime, from this machine only: a token for one hour.</p>
          <label for="tenant">Tenant</label>
          <input id="tenant" value={tenant} autoComplete="off" placeholder="acme"
            onInput={(e) => setTenant(e.currentTarget.value)} />
          <button type="submit" disabled={busy || !tenant.trim()}>Start local session</button>
        </form>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </main>
  );
}
