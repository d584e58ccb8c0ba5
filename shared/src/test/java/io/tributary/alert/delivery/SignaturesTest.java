package io.tributary.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturesTest {

  private static final String SECRET = "0123456789abcdef-secret";
  private static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.ofEpochSecond(1_764_412_800L);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void signsTimestampDotBodyWithHmacSha256InLowerCaseHex() {
    // Pinned with Python: hmac.new(b"0123456789abcdef-secret", b"1764412800." + body, hashlib.sha256).hexdigest()
    assertEquals("sha256=91aa9f61e3c8114b1f92f892acd7ea08069cb2999074158da2eefef4668b3c64",
        Signatures.sign(SECRET, 1_764_412_800L, BODY));
  }

  @Test
  void verifiesItsOwnSignatureWithinTheTolerance() {
    String sig = Signatures.sign(SECRET, NOW.getEpochSecond(), BODY);
    assertTrue(Signatures.verify(SECRET, "1764412800", BODY, sig, CLOCK, FIVE_MINUTES));
    assertTrue(Signatures.verify(SECRET, "1764412800", BODY, sig.toUpperCase().replace("SHA256=", "sha256="),
        Clock.fixed(NOW.plusSeconds(300), ZoneOffset.UTC), FIVE_MINUTES));
  }

  @Test
  void rejectsATamperedBodyAWrongSecretOrAChangedTimestamp() {
    String sig = Signatures.sign(SECRET, NOW.getEpochSecond(), BODY);
    byte[] tampered = "{\"hello\":\"world!\"}".getBytes(StandardCharsets.UTF_8);
    assertFalse(Signatures.verify(SECRET, "1764412800", tampered, sig, CLOCK, FIVE_MINUTES));
    assertFalse(Signatures.verify("another-secret-of-16", "1764412800", BODY, sig, CLOCK, FIVE_MINUTES));
    assertFalse(Signatures.verify(SECRET, "1764412801", BODY, sig, CLOCK, FIVE_MINUTES));
  }

  @Test
  void rejectsAReplayOutsideTheToleranceEitherWay() {
    long old = NOW.minusSeconds(301).getEpochSecond();
    assertFalse(Signatures.verify(SECRET, Long.toString(old), BODY, Signatures.sign(SECRET, old, BODY), CLOCK,
        FIVE_MINUTES));
    long future = NOW.plusSeconds(301).getEpochSecond();
    assertFalse(Signatures.verify(SECRET, Long.toString(future), BODY, Signatures.sign(SECRET, future, BODY), CLOCK,
        FIVE_MINUTES));
  }

  @Test
  void rejectsMissingOrMalformedHeaders() {
    String sig = Signatures.sign(SECRET, NOW.getEpochSecond(), BODY);
    assertFalse(Signatures.verify(SECRET, null, BODY, sig, CLOCK, FIVE_MINUTES));
    assertFalse(Signatures.verify(SECRET, "yesterday", BODY, sig, CLOCK, FIVE_MINUTES));
    assertFalse(Signatures.verify(SECRET, "1764412800", BODY, null, CLOCK, FIVE_MINUTES));
    assertFalse(Signatures.verify(SECRET, "1764412800", BODY, sig.substring(7), CLOCK, FIVE_MINUTES));
    assertFalse(Signatures.verify(SECRET, "1764412800", BODY, "sha256=", CLOCK, FIVE_MINUTES));
    assertFalse(Signatures.verify(null, "1764412800", BODY, sig, CLOCK, FIVE_MINUTES));
  }

  @Test
  void headersCarryTheSignatureOnlyForASignedTarget() {
    NotifyTarget signed = new NotifyTarget(NotifyTarget.WEBHOOK, URI.create("https://example.com/h"), SECRET);
    Map<String, String> h = DeliveryHeaders.of(signed, "01JDELIVERY", BODY, NOW);
    assertEquals(Map.of("Content-Type", "application/json", "User-Agent", "Tributary-Alerts/1",
        "X-Tributary-Timestamp", "1764412800", "X-Tributary-Delivery", "01JDELIVERY",
        "X-Tributary-Signature", "sha256=91aa9f61e3c8114b1f92f892acd7ea08069cb2999074158da2eefef4668b3c64"), h);
    NotifyTarget unsigned = new NotifyTarget(NotifyTarget.LOGIC_APP, URI.create("https://example.com/h"), null);
    assertNull(DeliveryHeaders.of(unsigned, "01JDELIVERY", BODY, NOW).get(DeliveryHeaders.SIGNATURE));
  }
}
