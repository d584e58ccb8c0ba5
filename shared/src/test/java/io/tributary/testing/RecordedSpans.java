package io.tributary.testing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tributary.telemetry.Tracing;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenTelemetry SDK whose finished spans are kept in memory, for tests of what the platform
 * traces: {@link #install()} makes it {@link Tracing}'s, {@link #close()} puts back none.
 */
public final class RecordedSpans implements AutoCloseable {

  /** The spans finished so far, in the order they ended. */
  public final List<SpanData> finished = new CopyOnWriteArrayList<>();

  private final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          finished.addAll(spans);
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      })).build();

  /** Makes this SDK the one {@link Tracing} uses. */
  public RecordedSpans install() {
    Tracing.install(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    return this;
  }

  @Override
  public void close() {
    Tracing.install(null);
    provider.close();
  }
}
