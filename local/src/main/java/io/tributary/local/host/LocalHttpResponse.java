package io.tributary.local.host;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response built by a function through {@link HttpResponseMessage.Builder}. */
final class LocalHttpResponse implements HttpResponseMessage {

  private final HttpStatusType status;
  private final Map<String, String> headers;
  private final Object body;

  private LocalHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
    this.status = status;
    this.headers = headers;
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

  Map<String, String> headers() {
    return headers;
  }

  @Override
  public Object getBody() {
    return body;
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
      return new LocalHttpResponse(status, Map.copyOf(headers), body);
    }
  }
}
