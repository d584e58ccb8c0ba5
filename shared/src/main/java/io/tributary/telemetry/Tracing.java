package io.tributary.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;

/**
 * The platform's traces (OpenTelemetry API): ingest's span travels to processing in the frame as a
 * W3C {@code traceparent} ({@link io.tributary.frame.FrameHeader#traceparent}); processing's
 * span for a batch links to the spans of the requests whose frames it holds (a batch is many
 * requests' work: the messaging convention is links, not one parent). The tracer is the global
 * OpenTelemetry's: in Azure the Application Insights agent installs it; locally
 * {@code TRIBUTARY_TRACES=log} installs an SDK that logs finished spans; otherwise spans are
 * no-ops, and frames carry only a caller's own {@code traceparent}, passed on as it came.
 */
public final class Tracing {

  public static final String SCOPE = "io.tributary";

  private Tracing() {
  }

  /** An OpenTelemetry installed by the runtime (local traces), else null: the global one is used. */
  private static volatile io.opentelemetry.api.OpenTelemetry installed;

  /**
   * Makes {@code otel} the source of this process's spans (null: back to the global one). Not the
   * global itself, which may be set only once per process and which Azure's agent owns.
   */
  public static void install(io.opentelemetry.api.OpenTelemetry otel) {
    installed = otel;
  }

  public static Tracer tracer() {
    io.opentelemetry.api.OpenTelemetry o = installed;
    return o != null ? o.getTracer(SCOPE) : GlobalOpenTelemetry.getTracer(SCOPE);
  }

  /**
   * A server span for a request, child of the caller's {@code traceparent} header when it names a
   * valid context (else a new trace); the caller makes it current while the request is handled
   * and ends it.
   */
  public static Span serverSpan(String name, String traceparentHeader) {
    io.opentelemetry.api.trace.SpanBuilder b = tracer().spanBuilder(name)
        .setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER);
    SpanContext remote = parse(traceparentHeader);
    b = remote == null ? b.setNoParent() : b.setParent(io.opentelemetry.context.Context.root().with(Span.wrap(remote)));
    return b.startSpan();
  }

  /**
   * A consumer span for processing a batch of frames, linked to the span of each request whose
   * frame carries a trace context; at most {@link #MAX_LINKS} links.
   */
  public static Span batchSpan(String name, java.util.Collection<String> traceparents, int frames) {
    io.opentelemetry.api.trace.SpanBuilder b = tracer().spanBuilder(name)
        .setSpanKind(io.opentelemetry.api.trace.SpanKind.CONSUMER).setNoParent()
        .setAttribute("messaging.batch.message_count", (long) frames);
    int n = 0;
    for (String tp : traceparents) {
      SpanContext c = parse(tp);
      if (c != null && n++ < MAX_LINKS) {
        b.addLink(c);
      }
    }
    return b.startSpan();
  }

  /**
   * A span made current until closed, for code that keeps to the JDK and our own types (the core's
   * processing): OpenTelemetry stays behind it.
   */
  public interface Scoped extends AutoCloseable {

    /** Sets a numeric attribute. */
    void set(String key, long value);

    /** Records that the work failed with {@code e}. */
    void failed(Throwable e);

    /** Records that the work failed, as {@code reason} says (no exception to show). */
    void failed(String reason);

    /** The span as a {@code traceparent} value to send on (W3C Trace Context), or null when not traced. */
    String traceparent();

    /** Ends the span and restores the context before it. */
    @Override
    void close();
  }

  /** {@link #batchSpan}, current until closed. */
  public static Scoped batch(String name, java.util.Collection<String> traceparents, int frames) {
    return scoped(batchSpan(name, traceparents, frames));
  }

  /** A child of the current span, current until closed. */
  public static Scoped child(String name) {
    return scoped(tracer().spanBuilder(name).startSpan());
  }

  /**
   * A CLIENT span, child of the current one if any, that is <em>not</em> made current: for a call
   * that completes on another thread (an alert delivery's HTTP request); closing it ends it.
   */
  public static Scoped client(String name) {
    return scoped(tracer().spanBuilder(name).setSpanKind(io.opentelemetry.api.trace.SpanKind.CLIENT).startSpan(),
        null);
  }

  private static Scoped scoped(Span span) {
    return scoped(span, span.makeCurrent());
  }

  private static Scoped scoped(Span span, io.opentelemetry.context.Scope scope) {
    return new Scoped() {
      @Override
      public void set(String key, long value) {
        span.setAttribute(key, value);
      }

      @Override
      public void failed(Throwable e) {
        span.recordException(e);
        span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
      }

      @Override
      public void failed(String reason) {
        span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, reason);
      }

      @Override
      public String traceparent() {
        return span.getSpanContext().isValid() ? Tracing.traceparent(span.getSpanContext()) : null;
      }

      @Override
      public void close() {
        if (scope != null) {
          scope.close();
        }
        span.end();
      }
    };
  }

  /** The most links a batch's span carries (a batch holds up to thousands of requests' frames). */
  public static final int MAX_LINKS = 128;

  /** The current span's context as a {@code traceparent} value, or null when nothing is traced. */
  public static String currentTraceparent() {
    SpanContext c = Span.current().getSpanContext();
    return c.isValid() ? traceparent(c) : null;
  }

  /** {@code 00-<trace id>-<span id>-<flags>}. */
  public static String traceparent(SpanContext c) {
    return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
  }

  /**
   * The remote span context a {@code traceparent} names, or null when it is absent or malformed
   * (a bad header never fails a request: the request is traced on its own).
   */
  public static SpanContext parse(String traceparent) {
    if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-")
        || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
      return null;
    }
    String traceId = traceparent.substring(3, 35);
    String spanId = traceparent.substring(36, 52);
    String flags = traceparent.substring(53, 55);
    if (!isHex(flags)) {
      return null;
    }
    SpanContext c = SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.fromHex(flags, 0),
        TraceState.getDefault());
    return c.isValid() ? c : null;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
