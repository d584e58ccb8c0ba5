package io.tributary.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NotifyTargetTest {

  private static NotifyTarget parse(String json) throws NotifyTargetException {
    return NotifyTarget.parse(Notifications.tree(json));
  }

  private static NotifyTargetException refused(String json) {
    NotifyTargetException e = assertThrows(NotifyTargetException.class, () -> parse(json));
    assertEquals(400, e.problem().status());
    assertEquals("invalid_notify", e.problem().code());
    return e;
  }

  @Test
  void readsASignedWebhookAndAnUnsignedOne() throws Exception {
    NotifyTarget t = parse("{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/a?x=1\","
        + "\"secret\":\"0123456789abcdef\"}");
    assertEquals(NotifyTarget.WEBHOOK, t.type());
    assertEquals("https://hooks.example.com/a?x=1", t.url().toString());
    assertTrue(t.signed());
    NotifyTarget unsigned = parse("{\"url\":\"http://hooks.example.com/a\"}");
    assertEquals(NotifyTarget.WEBHOOK, unsigned.type(), "type defaults to webhook");
    assertFalse(unsigned.signed());
  }

  @Test
  void readsALogicAppOnHttpsWithoutSecret() throws Exception {
    NotifyTarget t = parse("{\"type\":\"logicApp\",\"url\":\"https://prod-00.westeurope.logic.azure.com/workflows/1/"
        + "triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRETSIG\"}");
    assertEquals(NotifyTarget.LOGIC_APP, t.type());
    assertNull(t.secret());
    assertEquals("https://prod-00.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke",
        t.redactedUrl());
    assertFalse(t.toString().contains("SECRETSIG"));
  }

  @Test
  void refusalsNameTheFieldAndWhatToChange() {
    assertTrue(refused("{\"type\":\"webhook\"}").problem().detail().contains("url is missing"));
    assertEquals("notify.url", refused("{\"type\":\"webhook\"}").problem().extensions().get("field"));
    assertTrue(refused("{\"url\":\"ftp://example.com/x\"}").problem().detail().contains("https://"));
    assertTrue(refused("{\"url\":\"/relative\"}").problem().detail().contains("https://"));
    assertTrue(refused("{\"url\":\"https://\"}").problem().detail().contains("not a valid URL")
        || refused("{\"url\":\"https://\"}").problem().detail().contains("no host"));
    assertTrue(refused("{\"url\":\"https://user:pw@example.com/\"}").problem().detail().contains("user name"));
    assertTrue(refused("{\"type\":\"email\",\"url\":\"https://example.com/\"}").problem().detail()
        .contains("\"webhook\" or \"logicApp\""));
    assertTrue(refused("{\"type\":\"logicApp\",\"url\":\"http://example.com/\"}").problem().detail()
        .contains("must be https for a logicApp"));
    assertTrue(refused("{\"type\":\"logicApp\",\"url\":\"https://example.com/\",\"secret\":\"0123456789abcdef\"}")
        .problem().detail().contains("sig"));
    assertTrue(refused("{\"url\":\"https://example.com/\",\"secret\":\"short\"}").problem().detail()
        .contains("16 to 256"));
    assertTrue(refused("{\"url\":\"https://example.com/\",\"secret\":12345678901234567}").problem().detail()
        .contains("16 to 256"));
  }

  @Test
  void aListNeedsOneToTenTargetsAndNamesTheBadOneByIndex() throws Exception {
    assertEquals(2, NotifyTarget.parseAll(Notifications.tree("[{\"url\":\"https://a.example.com/\"},"
        + "{\"type\":\"logicApp\",\"url\":\"https://b.example.com/\"}]")).size());
    NotifyTargetException e = assertThrows(NotifyTargetException.class, () -> NotifyTarget.parseAll(
        Notifications.tree("[{\"url\":\"https://a.example.com/\"},{\"url\":\"gopher://b\"}]")));
    assertEquals("notify[1].url", e.problem().extensions().get("field"));
    assertThrows(NotifyTargetException.class, () -> NotifyTarget.parseAll(Notifications.tree("[]")));
    assertThrows(NotifyTargetException.class, () -> NotifyTarget.parseAll(null));
    String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, "{\"url\":\"https://a.example.com/\"}"))
        + "]";
    assertThrows(NotifyTargetException.class, () -> NotifyTarget.parseAll(Notifications.tree(eleven)));
  }

  @Test
  void toStringHidesTheSecret() throws Exception {
    NotifyTarget t = parse("{\"url\":\"https://example.com/h\",\"secret\":\"0123456789abcdef-TOPSECRET\"}");
    assertFalse(t.toString().contains("TOPSECRET"));
  }
}
