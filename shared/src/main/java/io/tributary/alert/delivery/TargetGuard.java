package io.tributary.alert.delivery;

import io.tributary.http.Problem;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Keeps deliveries away from addresses inside our own network (SSRF): a rule's author must not be
 * able to make the service POST to the cloud metadata endpoint, a database on the private
 * network, or itself. Every address a host resolves to is checked; one refused address refuses
 * the target. Checked when a rule is saved and again right before every attempt, since DNS
 * answers change. {@code allowPrivate} turns the check off (the local runtime, whose receivers
 * are on the same machine). Thread-safe.
 *
 * <p>A host that resolves to a public address at the check and to a private one when the HTTP
 * client resolves it again a moment later (DNS rebinding) is not caught; pinning the address
 * needs a client that connects to a given IP, which java.net.http does not offer.
 */
public final class TargetGuard {

  /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  public TargetGuard(boolean allowPrivate) {
    this(allowPrivate, InetAddress::getAllByName);
  }

  public TargetGuard(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  public boolean allowsPrivate() {
    return allowPrivate;
  }

  /**
   * The check when a rule is saved: a 400 {@code notify_target_not_allowed} saying which address
   * and range, or a 400 {@code invalid_notify} when the host does not resolve.
   */
  public void checkOnSave(NotifyTarget target) throws NotifyTargetException {
    String refusal;
    try {
      refusal = refusal(target.url());
    } catch (UnknownHostException e) {
      throw new NotifyTargetException(Problem.of(400, DeliveryReasons.INVALID_NOTIFY,
          "the host of " + target.redactedUrl() + " does not resolve; check its spelling").with("field", "url"));
    }
    if (refusal != null) {
      throw new NotifyTargetException(Problem.of(400, DeliveryReasons.NOTIFY_TARGET_NOT_ALLOWED, refusal)
          .with("field", "url"));
    }
  }

  /**
   * Null when every address {@code url}'s host resolves to may be contacted, else why not (for
   * the user and the delivery log).
   *
   * @throws UnknownHostException when the host does not resolve (only when the check is on)
   */
  public String refusal(URI url) throws UnknownHostException {
    if (allowPrivate) {
      return null;
    }
    String host = url.getHost();
    if (host == null) {
      return "the URL has no host";
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    for (InetAddress a : resolver.resolve(host)) {
      String range = range(a);
      if (range != null) {
        return "host " + host + " resolves to " + a.getHostAddress() + ", " + range
            + "; alert targets must be public addresses (the setting that allows private targets is off)";
      }
    }
    return null;
  }

  /** The name of the refused range {@code a} is in, or null when it is a public address. */
  public static String range(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return range4(b, 0);
    }
    if (a instanceof Inet6Address) {
      return range6(b);
    }
    return "an address of unknown family";
  }

  private static String range4(byte[] b, int o) {
    int b0 = b[o] & 0xFF;
    int b1 = b[o + 1] & 0xFF;
    if (b0 == 0) {
      return "\"this network\" (0.0.0.0/8, any-local)";
    }
    if (b0 == 127) {
      return "loopback (127.0.0.0/8)";
    }
    if (b0 == 10) {
      return "private (10.0.0.0/8)";
    }
    if (b0 == 172 && (b1 & 0xF0) == 16) {
      return "private (172.16.0.0/12)";
    }
    if (b0 == 192 && b1 == 168) {
      return "private (192.168.0.0/16)";
    }
    if (b0 == 169 && b1 == 254) {
      return "link-local (169.254.0.0/16, which holds the cloud metadata endpoint)";
    }
    if (b0 == 100 && (b1 & 0xC0) == 64) {
      return "shared carrier-grade NAT (100.64.0.0/10)";
    }
    if (b0 >= 224 && b0 <= 239) {
      return "multicast (224.0.0.0/4)";
    }
    if (b0 >= 240) {
      return "reserved or broadcast (240.0.0.0/4)";
    }
    if (b0 == 168 && b1 == 63 && (b[o + 2] & 0xFF) == 129 && (b[o + 3] & 0xFF) == 16) {
      return "the Azure platform endpoint (168.63.129.16)";
    }
    return null;
  }

  private static String range6(byte[] b) {
    boolean first10Zero = true;
    for (int i = 0; i < 10; i++) {
      first10Zero &= b[i] == 0;
    }
    if (first10Zero && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
      return embedded(range4(b, 12), "IPv4-mapped");
    }
    if (first10Zero && b[10] == 0 && b[11] == 0) {
      boolean high = b[12] == 0 && b[13] == 0 && b[14] == 0;
      if (high && b[15] == 0) {
        return "the unspecified address (::, any-local)";
      }
      if (high && b[15] == 1) {
        return "loopback (::1)";
      }
      return embedded(range4(b, 12), "IPv4-compatible");
    }
    if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) {
      boolean zero = true;
      for (int i = 4; i < 12; i++) {
        zero &= b[i] == 0;
      }
      if (zero) {
        return embedded(range4(b, 12), "NAT64 (64:ff9b::/96)");
      }
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return embedded(range4(b, 2), "6to4 (2002::/16)");
    }
    int b0 = b[0] & 0xFF;
    int b1 = b[1] & 0xFF;
    if ((b0 & 0xFE) == 0xFC) {
      return "unique-local (fc00::/7)";
    }
    if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
      return "link-local (fe80::/10)";
    }
    if (b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
      return "site-local (fec0::/10)";
    }
    if (b0 == 0xFF) {
      return "multicast (ff00::/8)";
    }
    return null;
  }

  private static String embedded(String v4range, String form) {
    return v4range == null ? null : "an " + form + " form of " + v4range;
  }
}
