package io.tributary.ingest.syslog;

import io.tributary.frame.PayloadLayout;
import io.tributary.ingest.BodyReading;
import io.tributary.ingest.BodyRefusal;
import io.tributary.ingest.IngestFormat;
import io.tributary.ingest.LineEnds;
import io.tributary.ingest.Reasons;
import java.util.List;

/**
 * Syslog ({@code POST /api/compat/syslog}, and the local runtime's TCP and UDP listeners): RFC
 * 5424 or RFC 3164 messages, framed as RFC 6587 allows — newline-separated (a CR before the LF
 * dropped, blank lines skipped) or octet-counted ({@code LEN SP MSG}), the two mixed freely: a
 * message that starts with a digit is octet-counted, since a syslog message itself starts with
 * {@code <}. One item per message; what it means is {@link SyslogParser}'s and
 * {@link SyslogMapping}'s. A bad PRI rejects its message ({@code invalid_pri}), the others kept;
 * an octet count past the end rejects the last message ({@code malformed_syslog}).
 *
 * <p>Wire ids 16 (body) and 17 (items: each accepted message's bytes, without framing).
 */
public final class SyslogFormat implements IngestFormat {

  public static final SyslogFormat INSTANCE = new SyslogFormat();

  /** The route of syslog over HTTP, under {@code /api/}. */
  public static final String ROUTE = "compat/syslog";

  // Wire ids: written into frames, never change or reuse one.
  private static final PayloadLayout BODY = PayloadLayout.of(16, "SYSLOG_BODY");
  private static final PayloadLayout ITEMS = PayloadLayout.of(17, "SYSLOG_ITEMS");

  private SyslogFormat() {
  }

  @Override
  public String name() {
    return "syslog";
  }

  @Override
  public PayloadLayout bodyLayout() {
    return BODY;
  }

  @Override
  public PayloadLayout itemsLayout() {
    return ITEMS;
  }

  @Override
  public String route() {
    return ROUTE;
  }

  @Override
  public List<String> mediaTypes() {
    return List.of("text/plain", "application/octet-stream", "application/syslog");
  }

  @Override
  public void read(byte[] b, BodyReading r) throws BodyRefusal {
    int n = b.length;
    int pos = 0;
    int index = 0;
    while (pos < n) {
      byte c = b[pos];
      if (c == '\n' || c == '\r' || c == 0) {
        pos++;
        continue;
      }
      int start;
      int end;
      if (c >= '1' && c <= '9') {
        int k = pos;
        long len = 0;
        while (k < n && b[k] >= '0' && b[k] <= '9' && len < Integer.MAX_VALUE) {
          len = len * 10 + (b[k++] - '0');
        }
        if (k < n && b[k] == ' ') {
          start = k + 1;
          if (len > n - start) {
            if (r.begin(index)) {
              r.reject(index, Reasons.MALFORMED_SYSLOG, "the octet count " + len + " runs past the end of the body ("
                  + (n - start) + " bytes left): the message is cut short");
            }
            return;
          }
          end = start + (int) len;
          pos = end;
          message(b, start, end, index++, r);
          continue;
        }
      }
      start = pos;
      end = LineEnds.next(b, pos, n);
      pos = end + 1;
      if (end > start && b[end - 1] == '\r') {
        end--;
      }
      message(b, start, end, index++, r);
    }
  }

  private static void message(byte[] b, int start, int end, int index, BodyReading r) throws BodyRefusal {
    if (r.begin(index)) {
      SyslogMapping.message(r, index, start, end, SyslogParser.parse(b, start, end, r.nowNanos()));
    }
  }

  @Override
  public void readItem(byte[] b, int from, int to, BodyReading r) {
    SyslogMapping.message(r, 0, from, to, SyslogParser.parse(b, from, to, r.nowNanos()));
  }
}
