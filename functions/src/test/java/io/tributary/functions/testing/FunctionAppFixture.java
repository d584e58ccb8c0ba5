package io.tributary.functions.testing;

import static org.mockito.Mockito.mock;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import io.tributary.archive.ArchiveStore;
import io.tributary.auth.Role;
import io.tributary.auth.TokenIssuer;
import io.tributary.auth.TokenVerifiers;
import io.tributary.config.Settings;
import io.tributary.event.TenantId;
import io.tributary.eventlog.EventLog;
import io.tributary.functions.FunctionApp;
import io.tributary.functions.IngestFunction;
import io.tributary.idempotency.ClientIdLedger;
import io.tributary.ingest.IngestGate;
import io.tributary.limits.RateLimiter;
import io.tributary.process.Enricher;
import io.tributary.store.LogStore;
import io.tributary.testing.InMemoryConfigStore;
import io.tributary.testing.InMemoryQuarantine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A {@link FunctionApp} as the deployed app assembles it ({@link FunctionApp#assemble}), over
 * in-memory adapters, and requests as the Functions host passes them: for tests of the functions
 * on the Azure path. The store, archive and id ledger are mocks: ingest never reaches them.
 */
public final class FunctionAppFixture {

  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  private FunctionAppFixture() {
  }

  /** Settings of an app whose unregistered tenants are on the free plan (1,000 events/s, 10 s of burst). */
  public static Map<String, String> settings() {
    Map<String, String> m = new HashMap<>();
    m.put("TRIBUTARY_JWT_SECRET", Base64.getEncoder().encodeToString(KEY));
    m.put("TRIBUTARY_UNREGISTERED_TENANT_PLAN", "free");
    m.put("TRIBUTARY_TENANT_CACHE_SECONDS", "0");
    return m;
  }

  public static FunctionApp assemble(Settings s, EventLog log, IngestGate gate, RateLimiter limiter,
      List<AutoCloseable> resources) {
    return FunctionApp.assemble(s, TokenVerifiers.from(s, KEY), log, mock(LogStore.class), mock(ArchiveStore.class),
        mock(ClientIdLedger.class), new InMemoryQuarantine(), new byte[32], gate, new Enricher(),
        new InMemoryConfigStore(), limiter, resources);
  }

  /** An app of {@code s} over {@code archive} (an adapter under test), the rest as {@link #assemble} has it. */
  public static FunctionApp assemble(Settings s, ArchiveStore archive) {
    return FunctionApp.assemble(s, TokenVerifiers.from(s, KEY), new io.tributary.testing.InMemoryEventLog(4),
        mock(LogStore.class), archive, mock(ClientIdLedger.class), new InMemoryQuarantine(), new byte[32],
        IngestGate.OPEN, new Enricher(), new InMemoryConfigStore(), new io.tributary.limits.InProcessRateLimiter(() -> 0L),
        new java.util.ArrayList<>());
  }

  /** A token of {@code tenant} that may write logs. */
  public static String token(String tenant) {
    return new TokenIssuer(KEY, "tributary-local", "tributary", "tenant", "roles")
        .issue(TenantId.of(tenant), List.of(Role.LOGS_WRITE), Instant.now(), Duration.ofMinutes(10));
  }

  /** A token of {@code tenant} with {@code roles}. */
  public static String token(String tenant, Role... roles) {
    return new TokenIssuer(KEY, "tributary-local", "tributary", "tenant", "roles")
        .issue(TenantId.of(tenant), List.of(roles), Instant.now(), Duration.ofMinutes(10));
  }

  /** A POST to the ingest route with {@code body} as NDJSON (or {@code contentType}). */
  public static FakeHttpRequest ingest(String token, String contentType, String body) {
    return new FakeHttpRequest(HttpMethod.POST, "http://127.0.0.1:7071/api/logs/ingest",
        Map.of("Authorization", "Bearer " + token, "Content-Type", contentType), Map.of(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code n} NDJSON events. */
  public static String lines(int n) {
    return "{\"message\":\"azure path test line\"}\n".repeat(n);
  }

  /** Hands {@code request} to {@link IngestFunction} as the Functions host would. */
  public static FakeHttpResponse post(FunctionApp app, FakeHttpRequest request) {
    return (FakeHttpResponse) new IngestFunction(app).run(request, context());
  }

  public static ExecutionContext context() {
    return new ExecutionContext() {
      @Override
      public Logger getLogger() {
        return Logger.getLogger("test");
      }

      @Override
      public String getInvocationId() {
        return "test-invocation";
      }

      @Override
      public String getFunctionName() {
        return IngestFunction.NAME;
      }
    };
  }
}
