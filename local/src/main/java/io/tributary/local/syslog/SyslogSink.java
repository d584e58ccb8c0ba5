package io.tributary.local.syslog;

import io.tributary.event.TenantId;
import io.tributary.ingest.EventDefaults;
import io.tributary.ingest.IngestRequest;
import io.tributary.ingest.IngestResult;
import io.tributary.ingest.IngestService;
import io.tributary.ingest.syslog.SyslogFormat;
import io.tributary.tenancy.TenantDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the syslog listeners put what they read: messages gathered into a batch (octet-counted, as
 * the syslog format reads them), then ingested for the configured tenant like an HTTP request of
 * that body, returning only once the accepted messages are durable (or refused). Not
 * thread-safe: one per connection or socket.
 */
final class SyslogSink {

  private static final Logger LOG = Logger.getLogger(SyslogSink.class.getName());
  /** A batch is sent at this many messages or bytes, or as soon as nothing more is waiting. */
  static final int MAX_MESSAGES = 1000;
  static final int MAX_BYTES = 1 << 20;

  private final IngestService ingest;
  private final TenantDirectory directory;
  private final TenantId tenant;
  private final String source;
  private final ByteArrayOutputStream batch = new ByteArrayOutputStream(64 << 10);
  private int messages;

  SyslogSink(IngestService ingest, TenantDirectory directory, TenantId tenant, String source) {
    this.ingest = ingest;
    this.directory = directory;
    this.tenant = tenant;
    this.source = source;
  }

  /** Adds one message (its framing removed). */
  void add(byte[] b, int from, int len) {
    byte[] count = (len + " ").getBytes(StandardCharsets.US_ASCII);
    batch.write(count, 0, count.length);
    batch.write(b, from, len);
    messages++;
  }

  boolean full() {
    return messages >= MAX_MESSAGES || batch.size() >= MAX_BYTES;
  }

  boolean isEmpty() {
    return messages == 0;
  }

  /**
   * Ingests the batch and empties it: true once its valid messages are durable (rejected ones are
   * logged), false when it was refused whole for a reason a resend may cure (rate limit, backpressure,
   * a suspended tenant): the caller then stops taking from that sender.
   */
  boolean flush() {
    if (messages == 0) {
      return true;
    }
    byte[] body = batch.toByteArray();
    int n = messages;
    batch.reset();
    messages = 0;
    IngestResult r;
    try {
      TenantDirectory.Standing standing = directory.standing(tenant);
      if (standing.refusal() != null) {
        LOG.warning("syslog " + source + ": " + n + " messages for tenant " + tenant + " refused: "
            + standing.refusal().detail());
        return false;
      }
      r = ingest.ingest(SyslogFormat.ROUTE, new IngestRequest(tenant, "text/plain", null, body,
          EventDefaults.none()), standing.limits());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "syslog " + source + ": " + n + " messages not ingested", e);
      return false;
    }
    if (r instanceof IngestResult.Refused refused) {
      int status = refused.problem().status();
      LOG.warning("syslog " + source + ": " + n + " messages refused (" + status + " " + refused.problem().code()
          + "): " + refused.problem().detail());
      return status < 500 && status != 429 && status != 413;
    }
    IngestResult.Accepted a = (IngestResult.Accepted) r;
    if (a.receipt().rejectedCount() > 0) {
      LOG.fine(() -> "syslog " + source + ": " + a.receipt().rejectedCount() + " of " + n + " messages rejected, first: "
          + a.receipt().rejected().get(0));
    }
    return true;
  }
}
