package io.tributary.functions.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one function does over HTTP, for the OpenAPI document: a summary, the parameters, the body
 * it takes and the answers it gives. Who may call it is not here but in {@code RouteAccess}, from
 * which the document adds the 401 and 403 answers; the route and methods come from the function's
 * {@code @HttpTrigger}.
 *
 * @param body the request body, or null when it takes none
 * @param optionalToken whether a public operation also takes a token, and shows more with one
 */
public record Operation(String summary, String description, List<Param> params, Body body, List<Reply> replies,
    boolean optionalToken) {

  public Operation {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    params = List.copyOf(params);
    replies = List.copyOf(replies);
    if (replies.stream().noneMatch(r -> r.status() < 400)) {
      throw new IllegalArgumentException("'" + summary + "' documents no successful answer");
    }
  }

  public static Builder builder(String summary) {
    return new Builder(summary);
  }

  /** Builds an {@link Operation}. */
  public static final class Builder {
    private final String summary;
    private String description = "";
    private final List<Param> params = new ArrayList<>();
    private Body body;
    private final List<Reply> replies = new ArrayList<>();
    private boolean optionalToken;

    private Builder(String summary) {
      this.summary = summary;
    }

    public Builder description(String d) {
      this.description = d;
      return this;
    }

    public Builder param(Param p) {
      params.add(p);
      return this;
    }

    public Builder body(Body b) {
      this.body = b;
      return this;
    }

    public Builder reply(Reply r) {
      replies.add(r);
      return this;
    }

    /** A public operation that also takes a token, and shows more with one. */
    public Builder optionalToken() {
      this.optionalToken = true;
      return this;
    }

    public Operation build() {
      return new Operation(summary, description, params, body, replies, optionalToken);
    }
  }
}
