package io.tributary.functions.azure.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.UserDelegationKey;
import io.tributary.contract.ExportFilesContract;
import io.tributary.export.ExportFiles;
import io.tributary.functions.testing.Azurite;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Blob export files against Azurite: the contract every {@link ExportFiles} keeps, the blob
 * layout, and links that fetch the file over plain HTTP until they expire. Azurite signs with its
 * account key only (it issues no user delegation keys without OAuth over HTTPS), so the user
 * delegation SAS of the deployed app is checked on its parameters, with the service's key issuing
 * mocked: read only, HTTPS only, valid from five minutes ago until the link's lifetime, the key
 * asked for exactly that span.
 */
class BlobExportFilesTest extends ExportFilesContract {

  @RegisterExtension
  static final Azurite AZURITE = new Azurite();

  private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");

  private BlobContainerClient container;

  private BlobExportFiles files(Duration ttl, Clock clock) throws Exception {
    container = AZURITE.newContainer("exports");
    return new BlobExportFiles(AZURITE.service(), container, BlobExportFiles.Signing.ACCOUNT_KEY, ttl,
        Duration.ofSeconds(30), clock, true);
  }

  @Override
  protected ExportFiles files() throws Exception {
    return files(Duration.ofHours(1), Clock.systemUTC());
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new HashMap<>();
    for (String p : URI.create(url).getRawQuery().split("&")) {
      int eq = p.indexOf('=');
      out.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void filesAreBlockBlobsByTenantJobAndNameWithTheirContentType() throws Exception {
    ExportFiles files = files();
    byte[] csv = content(5 << 20);
    files.write(ACME, "job1", "export.csv", out -> out.write(csv));

    BlobProperties p = container.getBlobClient("acme/job1/export.csv").getProperties();
    assertEquals(csv.length, p.getBlobSize());
    assertEquals("text/csv; charset=utf-8", p.getContentType());
    assertEquals(2, container.getBlobClient("acme/job1/export.csv").getBlockBlobClient().listBlocks(
        com.azure.storage.blob.models.BlockListType.COMMITTED).getCommittedBlocks().size(), "4 MiB blocks");
  }

  @Test
  void theLinkFetchesTheFileAndNothingElseUntilItExpires() throws Exception {
    ExportFiles files = files(Duration.ofMinutes(10), Clock.systemUTC());
    byte[] ndjson = content(100_000);
    files.write(ACME, "job1", "export.ndjson", out -> out.write(ndjson));
    files.write(ACME, "job1", "part-00000", out -> out.write('p'));

    String url = files.url(ACME, "job1", "export.ndjson");
    assertTrue(url.startsWith(container.getBlobClient("acme/job1/export.ndjson").getBlobUrl() + "?"), url);
    HttpResponse<byte[]> r = get(url);
    assertEquals(200, r.statusCode());
    assertArrayEquals(ndjson, r.body());
    assertEquals("r", query(url).get("sp"), "read only");

    // The same signature on another blob of the job is refused: a link is for its one file.
    String other = container.getBlobClient("acme/job1/part-00000").getBlobUrl() + "?" + URI.create(url).getRawQuery();
    assertEquals(403, get(other).statusCode());
    HttpResponse<byte[]> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("x-ms-blob-type", "BlockBlob").PUT(HttpRequest.BodyPublishers.ofString("overwritten")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(403, put.statusCode(), "a read-only link writes nothing");
    assertArrayEquals(ndjson, files.read(ACME, "job1", "export.ndjson").readAllBytes());

    // A link signed two hours ago for one hour has expired.
    ExportFiles past = new BlobExportFiles(AZURITE.service(), container, BlobExportFiles.Signing.ACCOUNT_KEY,
        Duration.ofHours(1), Duration.ofSeconds(30), Clock.fixed(Instant.now().minus(Duration.ofHours(2)),
            ZoneOffset.UTC), false);
    assertEquals(403, get(past.url(ACME, "job1", "export.ndjson")).statusCode());
  }

  @Test
  void theDeployedAppsLinkIsAUserDelegationSasReadOnlyOverHttpsForTheLinksLifetime() throws Exception {
    BlobServiceClient service = mock(BlobServiceClient.class);
    OffsetDateTime now = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
    OffsetDateTime start = now.minusMinutes(5);
    OffsetDateTime expiry = now.plusHours(1);
    UserDelegationKey key = new UserDelegationKey().setSignedObjectId("0b7a5a5e-1111-4c7c-9d7e-3f1a2b3c4d5e")
        .setSignedTenantId("72f988bf-86f1-41af-91ab-2d7cd011db47").setSignedStart(start).setSignedExpiry(expiry)
        .setSignedService("b").setSignedVersion("2025-01-05")
        .setValue(java.util.Base64.getEncoder().encodeToString(new byte[32]));
    when(service.getUserDelegationKey(start, expiry)).thenReturn(key);
    BlobContainerClient exports = new BlobContainerClientBuilder()
        .endpoint("https://tributaryarchxyz.blob.core.windows.net/exports").buildClient();
    BlobExportFiles files = new BlobExportFiles(service, exports, BlobExportFiles.Signing.USER_DELEGATION,
        Duration.ofHours(1), Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC), false);

    String url = files.url(ACME, "job1", "export.csv");

    verify(service).getUserDelegationKey(start, expiry);
    // The SDK escapes the slashes of the blob's name (acme%2Fjob1%2Fexport.csv); the service reads the same name.
    assertTrue(url.startsWith(exports.getBlobClient("acme/job1/export.csv").getBlobUrl() + "?"), url);
    assertTrue(url.startsWith("https://tributaryarchxyz.blob.core.windows.net/exports/"), url);
    Map<String, String> q = query(url);
    assertEquals("r", q.get("sp"), "read only");
    assertEquals("b", q.get("sr"), "this one blob");
    assertEquals("https", q.get("spr"), "HTTPS only");
    assertEquals("2026-11-30T00:55:00Z", q.get("st"), "from five minutes ago (clock skew)");
    assertEquals("2026-11-30T02:00:00Z", q.get("se"), "until the link's lifetime");
    assertEquals(key.getSignedObjectId(), q.get("skoid"), "signed by the identity's delegation key");
    assertEquals(key.getSignedTenantId(), q.get("sktid"));
    assertEquals("2026-11-30T00:55:00Z", q.get("skt"));
    assertEquals("2026-11-30T02:00:00Z", q.get("ske"));
    assertTrue(q.containsKey("sig") && !q.get("sig").isEmpty());
  }

  @Test
  void anAccountKeyLinkAsksTheServiceForNoDelegationKey() throws Exception {
    BlobServiceClient service = mock(BlobServiceClient.class);
    BlobContainerClient c = AZURITE.newContainer("exports");
    BlobExportFiles files = new BlobExportFiles(service, c, BlobExportFiles.Signing.ACCOUNT_KEY, Duration.ofHours(1),
        Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC), true);

    Map<String, String> q = query(files.url(ACME, "job1", "export.csv"));

    verify(service, never()).getUserDelegationKey(any(), any());
    assertEquals("r", q.get("sp"));
    assertEquals("2026-11-30T02:00:00Z", q.get("se"));
  }
}
