package io.tributary.functions.testing;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a function answered a {@link FakeHttpRequest}: status, headers (any case) and body. */
public final class FakeHttpResponse implements HttpResponseMessage {

  private final HttpStatusType status;
  private final Map<String, String> headers;
  private final Object body;

  private FakeHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
  }

  @Override
  public HttpStatusType getStatus() {
    return status;
  }

  @Override
  public String getHeader(String key) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public Object getBody() {
    return body;
  }

  /** The body as UTF-8 text (functions answer bytes). */
  public String text() {
    return body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(body);
  }

  static final class Builder implements HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    Builder(HttpStatusType status) {
      this.status = status;
    }

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType s) {
      this.status = s;
      return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String key, String value) {
      headers.put(key, value);
      return this;
    }

    @Override
    public HttpResponseMessage.Builder body(Object b) {
      this.body = b;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return new FakeHttpResponse(status, headers, body);
    }
  }
}
