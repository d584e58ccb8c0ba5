package io.tributary.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every refused range, IPv4 and IPv6, without DNS: literals, and a resolver the test controls. */
class TargetGuardTest {

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  /** IPv6 bytes as given, so the JDK does not turn a mapped address into an IPv4 one first. */
  private static InetAddress ip6(String literal) throws UnknownHostException {
    return InetAddress.getByAddress(ip(literal).getAddress().length == 16 ? ip(literal).getAddress()
        : mapped(ip(literal).getAddress()));
  }

  private static byte[] mapped(byte[] v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xFF;
    b[11] = (byte) 0xFF;
    System.arraycopy(v4, 0, b, 12, 4);
    return b;
  }

  @Test
  void refusesEveryPrivateIpv4Range() throws Exception {
    Map<String, String> refused = Map.ofEntries(
        Map.entry("127.0.0.1", "loopback"), Map.entry("127.255.255.254", "loopback"),
        Map.entry("10.0.0.1", "10.0.0.0/8"), Map.entry("10.255.255.255", "10.0.0.0/8"),
        Map.entry("172.16.0.1", "172.16.0.0/12"), Map.entry("172.31.255.255", "172.16.0.0/12"),
        Map.entry("192.168.1.1", "192.168.0.0/16"),
        Map.entry("169.254.169.254", "link-local"), Map.entry("169.254.0.1", "link-local"),
        Map.entry("100.64.0.1", "100.64.0.0/10"), Map.entry("100.127.255.255", "100.64.0.0/10"),
        Map.entry("0.0.0.0", "any-local"), Map.entry("224.0.0.1", "multicast"), Map.entry("239.255.255.250", "multicast"),
        Map.entry("255.255.255.255", "broadcast"), Map.entry("168.63.129.16", "Azure"));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      String range = TargetGuard.range(ip(e.getKey()));
      assertNotNull(range, e.getKey());
      assertTrue(range.contains(e.getValue()), e.getKey() + " -> " + range);
    }
  }

  @Test
  void allowsPublicIpv4IncludingTheNeighboursOfPrivateRanges() throws Exception {
    for (String s : new String[] {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1",
        "100.63.255.255", "100.128.0.1", "169.253.255.255", "11.0.0.1", "126.255.255.255", "223.255.255.255",
        "168.63.129.17", "20.50.2.1"}) {
      assertNull(TargetGuard.range(ip(s)), s);
    }
  }

  @Test
  void refusesEveryPrivateIpv6RangeAndIpv4EmbeddedForms() throws Exception {
    Map<String, String> refused = Map.ofEntries(
        Map.entry("::1", "loopback"), Map.entry("::", "unspecified"),
        Map.entry("fc00::1", "unique-local"), Map.entry("fd12:3456:789a::1", "unique-local"),
        Map.entry("fe80::1", "link-local"), Map.entry("febf::1", "link-local"), Map.entry("fec0::1", "site-local"),
        Map.entry("ff02::1", "multicast"),
        Map.entry("::127.0.0.1", "IPv4-compatible form of loopback"),
        Map.entry("64:ff9b::a9fe:a9fe", "NAT64"), Map.entry("2002:0a00:0001::1", "6to4"));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      String range = TargetGuard.range(ip6(e.getKey()));
      assertNotNull(range, e.getKey());
      assertTrue(range.contains(e.getValue()), e.getKey() + " -> " + range);
    }
    for (String v4 : new String[] {"127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.1", "100.64.1.1"}) {
      String range = TargetGuard.range(InetAddress.getByAddress(mapped(ip(v4).getAddress())));
      assertNotNull(range, "::ffff:" + v4);
    }
    String mappedMetadata = TargetGuard.range(InetAddress.getByAddress(mapped(ip("169.254.169.254").getAddress())));
    assertTrue(mappedMetadata.contains("link-local"), mappedMetadata);
  }

  @Test
  void allowsPublicIpv6() throws Exception {
    for (String s : new String[] {"2001:4860:4860::8888", "2606:4700:4700::1111", "2a01:111:f100::1",
        "64:ff9b::808:808", "2002:0808:0808::1", "fbff::1", "fe7f::1"}) {
      assertNull(TargetGuard.range(ip6(s)), s);
    }
    assertNull(TargetGuard.range(InetAddress.getByAddress(mapped(ip("8.8.8.8").getAddress()))));
  }

  @Test
  void oneRefusedAddressAmongAHostsAnswersRefusesTheTarget() throws Exception {
    TargetGuard g = new TargetGuard(false, host -> new InetAddress[] {ip("20.50.2.1"), ip("10.0.0.7")});
    String refusal = g.refusal(URI.create("https://hooks.example.com/x"));
    assertTrue(refusal.contains("hooks.example.com resolves to 10.0.0.7"), refusal);
    assertNull(new TargetGuard(false, host -> new InetAddress[] {ip("20.50.2.1")})
        .refusal(URI.create("https://hooks.example.com/x")));
  }

  @Test
  void literalAddressesInTheUrlAreCheckedToo() throws Exception {
    TargetGuard g = new TargetGuard(false);
    assertNotNull(g.refusal(URI.create("http://127.0.0.1:8080/")));
    assertNotNull(g.refusal(URI.create("http://[::1]:8080/")));
    assertNotNull(g.refusal(URI.create("http://[::ffff:169.254.169.254]/latest/meta-data")));
    assertNotNull(g.refusal(URI.create("http://169.254.169.254/metadata/instance")));
  }

  @Test
  void onSaveARefusedTargetIsA400WithTheReasonAndAnUnknownHostIsInvalid() {
    TargetGuard g = new TargetGuard(false, host -> {
      if (host.equals("nowhere.invalid")) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getLoopbackAddress()};
    });
    NotifyTargetException e = assertThrows(NotifyTargetException.class, () -> g.checkOnSave(
        new NotifyTarget(NotifyTarget.WEBHOOK, URI.create("http://localhost:9000/hook"), null)));
    assertEquals(400, e.problem().status());
    assertEquals("notify_target_not_allowed", e.problem().code());
    assertTrue(e.problem().detail().contains("loopback"), e.problem().detail());
    NotifyTargetException unknown = assertThrows(NotifyTargetException.class, () -> g.checkOnSave(
        new NotifyTarget(NotifyTarget.WEBHOOK, URI.create("https://nowhere.invalid/hook"), null)));
    assertEquals("invalid_notify", unknown.problem().code());
  }

  @Test
  void allowPrivateLetsLoopbackThroughWithoutResolving() throws Exception {
    TargetGuard g = new TargetGuard(true, host -> {
      throw new AssertionError("no lookup when private targets are allowed");
    });
    assertNull(g.refusal(URI.create("http://127.0.0.1:8080/")));
    g.checkOnSave(new NotifyTarget(NotifyTarget.WEBHOOK, URI.create("http://localhost:1/"), null));
  }
}
