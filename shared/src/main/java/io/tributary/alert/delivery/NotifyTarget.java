package io.tributary.alert.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.http.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a rule's notifications go. A {@code webhook} is signed with {@code secret} when it has one
 * (a webhook without a secret is allowed and sent unsigned: the receiver then cannot tell our
 * calls from anyone's, which the docs warn about). A {@code logicApp} must be https and has no
 * secret: its trigger URL carries its own {@code sig}.
 *
 * <p>{@link #toString} hides the secret and the URL's query (a Logic App's {@code sig}).
 *
 * @param secret nullable
 */
public record NotifyTarget(String type, URI url, String secret) {

  public static final String WEBHOOK = "webhook";
  public static final String LOGIC_APP = "logicApp";
  public static final int MAX_TARGETS = 10;
  public static final int MAX_URL_LENGTH = 2048;
  public static final int MIN_SECRET_LENGTH = 16;
  public static final int MAX_SECRET_LENGTH = 256;

  public NotifyTarget {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
  }

  /** True when deliveries to this target carry {@code X-Tributary-Signature}. */
  public boolean signed() {
    return secret != null;
  }

  /** The URL without user info, query or fragment: what logs and the delivery history show. */
  public String redactedUrl() {
    return redact(url);
  }

  /** {@code u} without user info, query or fragment. */
  public static String redact(URI u) {
    StringBuilder b = new StringBuilder();
    if (u.getScheme() != null) {
      b.append(u.getScheme()).append("://");
    }
    if (u.getHost() != null) {
      b.append(u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost());
    }
    if (u.getPort() >= 0) {
      b.append(':').append(u.getPort());
    }
    if (u.getRawPath() != null) {
      b.append(u.getRawPath());
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "NotifyTarget[" + type + " " + redactedUrl() + (signed() ? " signed" : "") + "]";
  }

  /** Reads the rule document's {@code notify} array: 1 to {@link #MAX_TARGETS} targets. */
  public static List<NotifyTarget> parseAll(JsonNode notify) throws NotifyTargetException {
    if (notify == null || !notify.isArray() || notify.isEmpty()) {
      throw invalid("notify", "notify must be an array of 1 to " + MAX_TARGETS
          + " targets such as {\"type\":\"webhook\",\"url\":\"https://…\",\"secret\":\"…\"}");
    }
    if (notify.size() > MAX_TARGETS) {
      throw invalid("notify", "a rule may notify at most " + MAX_TARGETS + " targets; it has " + notify.size());
    }
    List<NotifyTarget> out = new ArrayList<>(notify.size());
    Iterator<JsonNode> it = notify.elements();
    for (int i = 0; it.hasNext(); i++) {
      out.add(parse(it.next(), "notify[" + i + "]"));
    }
    return out;
  }

  /** Reads one target; a 400 {@code invalid_notify} names the field and what to change. */
  public static NotifyTarget parse(JsonNode node) throws NotifyTargetException {
    return parse(node, "notify");
  }

  static NotifyTarget parse(JsonNode node, String at) throws NotifyTargetException {
    if (node == null || !node.isObject()) {
      throw invalid(at, at + " must be an object with type and url");
    }
    JsonNode t = node.get("type");
    String type = t == null || t.isNull() ? WEBHOOK : t.asText();
    if (!WEBHOOK.equals(type) && !LOGIC_APP.equals(type)) {
      throw invalid(at + ".type", at + ".type must be \"webhook\" or \"logicApp\", not \"" + type + "\"");
    }
    JsonNode u = node.get("url");
    if (u == null || !u.isTextual() || u.asText().isBlank()) {
      throw invalid(at + ".url", at + ".url is missing: give the absolute http(s) URL to deliver to");
    }
    String raw = u.asText().trim();
    if (raw.length() > MAX_URL_LENGTH) {
      throw invalid(at + ".url", at + ".url may be at most " + MAX_URL_LENGTH + " characters");
    }
    URI url;
    try {
      url = new URI(raw);
    } catch (URISyntaxException e) {
      throw invalid(at + ".url", at + ".url is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(at + ".url", at + ".url must start with https:// (or http://), not \"" + scheme + ":\"");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw invalid(at + ".url", at + ".url has no host name");
    }
    if (url.getRawUserInfo() != null) {
      throw invalid(at + ".url", at + ".url must not carry a user name or password; use the secret for signing");
    }
    if (LOGIC_APP.equals(type) && !scheme.equals("https")) {
      throw invalid(at + ".url", at + ".url must be https for a logicApp (copy the trigger's HTTPS URL)");
    }
    JsonNode s = node.get("secret");
    String secret = null;
    if (s != null && !s.isNull()) {
      if (LOGIC_APP.equals(type)) {
        throw invalid(at + ".secret", at + ".secret must be left out for a logicApp: Logic Apps do not check"
            + " signatures, the trigger URL's sig parameter authenticates the call");
      }
      if (!s.isTextual() || s.asText().length() < MIN_SECRET_LENGTH || s.asText().length() > MAX_SECRET_LENGTH) {
        throw invalid(at + ".secret", at + ".secret must be a string of " + MIN_SECRET_LENGTH + " to "
            + MAX_SECRET_LENGTH + " characters (or left out to send unsigned)");
      }
      secret = s.asText();
    }
    return new NotifyTarget(type, url, secret);
  }

  private static NotifyTargetException invalid(String field, String detail) {
    return new NotifyTargetException(Problem.of(400, DeliveryReasons.INVALID_NOTIFY, detail).with("field", field));
  }
}
