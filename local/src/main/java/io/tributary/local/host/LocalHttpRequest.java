package io.tributary.local.host;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import io.tributary.auth.Principal;
import io.tributary.functions.VerifiedRequest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A request as the Functions host hands it over: header names lower-cased, query parameters
 * decoded, the body already read; and, when the host checked the token before the body, the
 * caller it verified.
 */
final class LocalHttpRequest<T> implements HttpRequestMessage<T>, VerifiedRequest {

  private final URI uri;
  private final HttpMethod method;
  private final Map<String, String> headers;
  private final Map<String, String> query;
  private final T body;
  private final Principal caller;

  LocalHttpRequest(URI uri, HttpMethod method, Map<String, String> headers, Map<String, String> query, T body,
      Principal caller) {
    this.uri = uri;
    this.method = method;
    this.headers = headers;
    this.query = query;
    this.body = body;
    this.caller = caller;
  }

  @Override
  public Optional<Principal> verifiedCaller() {
    return Optional.ofNullable(caller);
  }

  @Override
  public boolean streamsResponses() {
    return true;
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
  public T getBody() {
    return body;
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return new LocalHttpResponse.Builder(status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new LocalHttpResponse.Builder(status);
  }
}
