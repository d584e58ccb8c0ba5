package io.tributary.alert.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers every delivery carries; the names are a public contract. */
public final class DeliveryHeaders {

  public static final String SIGNATURE = "X-Tributary-Signature";
  public static final String TIMESTAMP = "X-Tributary-Timestamp";
  public static final String DELIVERY = "X-Tributary-Delivery";
  public static final String USER_AGENT = "Tributary-Alerts/1";

  private DeliveryHeaders() {
  }

  /**
   * The headers of one attempt sent at {@code now}: signed with the target's secret when it has one.
   * Each attempt is signed anew (a retry five minutes later must pass the receiver's replay
   * window); the delivery id stays the same.
   */
  public static Map<String, String> of(NotifyTarget target, String deliveryId, byte[] body, Instant now) {
    long ts = now.getEpochSecond();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("User-Agent", USER_AGENT);
    h.put(TIMESTAMP, Long.toString(ts));
    h.put(DELIVERY, deliveryId);
    if (target.signed()) {
      h.put(SIGNATURE, Signatures.sign(target.secret(), ts, body));
    }
    return h;
  }
}
