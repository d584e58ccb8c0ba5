package io.tributary.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.event.TenantId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

  private static final TenantId ACME = TenantId.of("acme");
  private final CursorCodec codec = new CursorCodec("0123456789abcdef0123456789abcdef".getBytes());
  private final CursorCodec.State state = new CursorCodec.State(new Position(123L, "id-9"), 456L, 789L);

  @Test
  void aCursorRoundTripsForItsTenantAndQuery() throws Exception {
    assertEquals(state, codec.decode(ACME, codec.encode(ACME, state), 789L));
  }

  @Test
  void aStoreCursorKeepsFormatOneAndARoutedOneRecordsItsBackendInFormatTwo() throws Exception {
    byte[] store = Base64.getUrlDecoder().decode(codec.encode(ACME, state));
    assertEquals(1, store[0], "the store's cursors are as they were before routing");
    assertEquals(QueryRoute.STORE, codec.decode(ACME, codec.encode(ACME, state), 789L).route());
    CursorCodec.State routed = new CursorCodec.State(state.after(), 456L, 789L, QueryRoute.INDEX);
    String c = codec.encode(ACME, routed);
    byte[] raw = Base64.getUrlDecoder().decode(c);
    assertEquals(2, raw[0]);
    assertEquals(QueryRoute.INDEX.code(), raw[1]);
    assertEquals(routed, codec.decode(ACME, c, 789L));
    assertEquals(store.length + 1, raw.length);
  }

  @Test
  void aChangedCursorIsRefused() {
    String c = codec.encode(ACME, state);
    byte[] raw = Base64.getUrlDecoder().decode(c);
    raw[5] ^= 1;
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    QueryException e = assertThrows(QueryException.class, () -> codec.decode(ACME, tampered, 789L));
    assertEquals("invalid_cursor", e.problem().code());
    assertEquals("invalid_cursor", assertThrows(QueryException.class,
        () -> codec.decode(ACME, "not a cursor!", 789L)).problem().code());
  }

  @Test
  void anotherTenantsCursorIsRefused() {
    String c = codec.encode(ACME, state);
    assertEquals("invalid_cursor", assertThrows(QueryException.class,
        () -> codec.decode(TenantId.of("globex"), c, 789L)).problem().code());
  }

  @Test
  void aCursorOfAnotherQueryIsRefused() {
    String c = codec.encode(ACME, state);
    assertEquals("cursor_mismatch", assertThrows(QueryException.class,
        () -> codec.decode(ACME, c, 790L)).problem().code());
  }

  @Test
  void theFingerprintIgnoresOrderOfListsButNotTheirContent() {
    LogQuery a = new LogQuery(0, 10, Set.of(), List.of("x", "y"), List.of(), Map.of(), List.of(), Order.NEWEST, 5,
        null, Long.MAX_VALUE);
    LogQuery b = new LogQuery(0, 10, Set.of(), List.of("y", "x"), List.of(), Map.of(), List.of(), Order.NEWEST, 50,
        new Position(1, "z"), 7);
    LogQuery c = new LogQuery(0, 10, Set.of(), List.of("x"), List.of(), Map.of(), List.of(), Order.NEWEST, 5,
        null, Long.MAX_VALUE);
    assertEquals(CursorCodec.fingerprint(a), CursorCodec.fingerprint(b));
    org.junit.jupiter.api.Assertions.assertNotEquals(CursorCodec.fingerprint(a), CursorCodec.fingerprint(c));
  }
}
