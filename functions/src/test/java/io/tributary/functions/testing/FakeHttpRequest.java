package io.tributary.functions.testing;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the Azure Functions host hands it to a function: the body read but not decoded, the
 * token not yet verified (unlike the local host's, it is no {@code VerifiedRequest}).
 */
public final class FakeHttpRequest implements HttpRequestMessage<Optional<byte[]>> {

  private final HttpMethod method;
  private final URI uri;
  private final Map<String, String> headers;
  private final Map<String, String> query;
  private final byte[] body;

  public FakeHttpRequest(HttpMethod method, String uri, Map<String, String> headers, Map<String, String> query,
      byte[] body) {
    this.method = method;
    this.uri = URI.create(uri);
    this.headers = Map.copyOf(headers);
    this.query = Map.copyOf(query);
    this.body = body;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public HttpMethod getHttpMethod() {
    return method;
  }

  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Map<String, String> getQueryParameters() {
    return query;
  }

  @Override
  public Optional<byte[]> getBody() {
    return Optional.ofNullable(body);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return new FakeHttpResponse.Builder(status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new FakeHttpResponse.Builder(status);
  }
}
