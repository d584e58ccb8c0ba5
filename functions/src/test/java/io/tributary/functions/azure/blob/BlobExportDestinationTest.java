package io.tributary.functions.azure.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.tributary.event.TenantId;
import io.tributary.export.DirectoryExportFiles;
import io.tributary.export.ExportFiles;
import io.tributary.functions.durable.ExportDestinationUrl;
import io.tributary.functions.durable.ExportFinish;
import io.tributary.functions.durable.ExportFinishActivity;
import io.tributary.functions.durable.ExportJob;
import io.tributary.functions.durable.ExportResult;
import io.tributary.functions.testing.Azurite;
import io.tributary.json.Json;
import io.tributary.testing.Loghub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export's destination on Azurite: the file written into the caller's container through the
 * container SAS URL they gave, the job's result naming the blob without the SAS.
 */
class BlobExportDestinationTest {

  @RegisterExtension
  static final Azurite AZURITE = new Azurite();

  @TempDir
  Path dir;

  /** A new container of "the caller's" and a SAS URL of it with {@code permissions}. */
  private static String[] callersContainer(String permissions) {
    BlobContainerClient c = AZURITE.newContainer("callers");
    c.create();
    String sas = c.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
        BlobContainerSasPermission.parse(permissions)));
    return new String[] {c.getBlobContainerName(), c.getBlobContainerUrl() + "?" + sas};
  }

  private static byte[] hdfs() {
    return (String.join("\n", Loghub.lines("HDFS")) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theFileIsWrittenIntoTheCallersContainerAndNamedWithoutTheSas() throws Exception {
    String[] c = callersContainer("cw");
    assertEquals(c[1], ExportDestinationUrl.parse(Json.mapper().readTree("{\"url\":\"" + c[1] + "\"}"), Instant.now())
        .url(), "Azurite's SAS URL passes the edge's checks");
    byte[] content = hdfs();
    String url = new BlobExportDestination(Duration.ofSeconds(30)).write(c[1], "tributary-j1.ndjson",
        out -> out.write(content));
    assertEquals(AZURITE.endpoint() + "/" + c[0] + "/tributary-j1.ndjson", url);
    assertFalse(url.contains("sig="), url);
    BlobContainerClient read = AZURITE.service().getBlobContainerClient(c[0]);
    assertArrayEquals(content, read.getBlobClient("tributary-j1.ndjson").downloadContent().toBytes());
    assertEquals("application/x-ndjson", read.getBlobClient("tributary-j1.ndjson").getProperties().getContentType());
  }

  @Test
  void aWriteThatFailsMidwayLeavesTheEarlierBlobAndAReadOnlySasIsRefusedByTheService() throws Exception {
    String[] c = callersContainer("cw");
    BlobExportDestination d = new BlobExportDestination(Duration.ofSeconds(30));
    d.write(c[1], "f.csv", out -> out.write("first\n".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IOException.class, () -> d.write(c[1], "f.csv", out -> {
      out.write(new byte[5 << 20]); // a block staged
      throw new IOException("the job's worker died");
    }));
    assertEquals("first\n", AZURITE.service().getBlobContainerClient(c[0]).getBlobClient("f.csv").downloadContent()
        .toString());
    String[] readOnly = callersContainer("rl");
    IOException refused = assertThrows(IOException.class, () -> d.write(readOnly[1], "f.csv",
        out -> out.write(1)));
    assertTrue(refused.getMessage().contains("allows writing"), refused.getMessage());
  }

  @Test
  void aJobWithADestinationCopiesItsFileThereAndRunAgainGivesTheSameBlobAndResult() throws Exception {
    String[] c = callersContainer("cw");
    ExportFiles files = new DirectoryExportFiles(dir);
    TenantId acme = TenantId.of("acme");
    byte[] part0 = hdfs();
    byte[] part1 = (String.join("\n", Loghub.lines("Android").subList(0, 500)) + "\n").getBytes(StandardCharsets.UTF_8);
    files.write(acme, "acme-EX-J1", "part-00000", out -> out.write(part0));
    files.write(acme, "acme-EX-J1", "part-00001", out -> out.write(part1));
    ExportJob job = new ExportJob("acme-EX-J1", "acme", Map.of("format", "ndjson"), 1, 0, 1, 1000, c[1]);
    ExportFinishActivity finish = new ExportFinishActivity(files, new BlobExportDestination(Duration.ofSeconds(30)));

    ExportResult first = finish.run(new ExportFinish(job, 2, 2500));
    ExportResult again = finish.run(new ExportFinish(job, 2, 2500)); // the activity run twice: the parts are gone

    byte[] whole = new byte[part0.length + part1.length];
    System.arraycopy(part0, 0, whole, 0, part0.length);
    System.arraycopy(part1, 0, whole, part0.length, part1.length);
    String blob = "tributary-acme-EX-J1.ndjson";
    assertEquals(AZURITE.endpoint() + "/" + c[0] + "/" + blob, first.url(), "the result names the blob, no SAS");
    assertEquals(first, again);
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole)), first.sha256());
    assertEquals(whole.length, first.bytes());
    assertArrayEquals(whole, AZURITE.service().getBlobContainerClient(c[0]).getBlobClient(blob).downloadContent()
        .toBytes());
    assertEquals(List.of(blob), AZURITE.service().getBlobContainerClient(c[0]).listBlobs().stream()
        .map(b -> b.getName()).toList());
  }
}
