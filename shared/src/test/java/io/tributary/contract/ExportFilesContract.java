package io.tributary.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.event.TenantId;
import io.tributary.export.ExportFiles;
import io.tributary.testing.Loghub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExportFiles} must do (the folder of the local runtime, the Blob container of
 * the Azure app): a file written whole reads back byte for byte, a rewrite replaces it, a write cut
 * off keeps the file before it, files are kept apart by tenant and job, a deleted or never written
 * file is a {@link NoSuchFileException}. An adapter's test extends this with a fresh, empty one.
 */
public abstract class ExportFilesContract {

  protected static final TenantId ACME = TenantId.of("acme");
  protected static final TenantId OTHER = TenantId.of("other");

  protected abstract ExportFiles files() throws Exception;

  /** Real lines (loghub HDFS) repeated to at least {@code bytes}. */
  protected static byte[] content(int bytes) {
    byte[] lines = (String.join("\n", Loghub.lines("HDFS")) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + lines.length);
    while (out.size() < bytes) {
      out.writeBytes(lines);
    }
    return out.toByteArray();
  }

  protected static byte[] read(ExportFiles files, TenantId tenant, String job, String name) throws IOException {
    try (InputStream in = files.read(tenant, job, name)) {
      return in.readAllBytes();
    }
  }

  @Test
  public void aFileReadsBackByteForByteWhateverItsSize() throws Exception {
    ExportFiles files = files();
    byte[] big = content(9 << 20);
    files.write(ACME, "job1", "export.csv", out -> {
      // In odd pieces, as an export writer flushes.
      for (int i = 0; i < big.length; i += 65_537) {
        out.write(big, i, Math.min(65_537, big.length - i));
      }
    });
    files.write(ACME, "job1", "part-00000", out -> out.write('x'));
    files.write(ACME, "job1", "empty.json", out -> { });

    assertArrayEquals(big, read(files, ACME, "job1", "export.csv"));
    assertArrayEquals(new byte[] {'x'}, read(files, ACME, "job1", "part-00000"));
    assertArrayEquals(new byte[0], read(files, ACME, "job1", "empty.json"));
  }

  @Test
  public void writingAFileAgainReplacesIt() throws Exception {
    ExportFiles files = files();
    files.write(ACME, "job1", "part-00001", out -> out.write(content(1_000)));
    byte[] second = "second run\n".getBytes(StandardCharsets.UTF_8);
    files.write(ACME, "job1", "part-00001", out -> out.write(second));

    assertArrayEquals(second, read(files, ACME, "job1", "part-00001"));
  }

  @Test
  public void aWriteThatFailsMidwayKeepsTheFileBeforeIt() throws Exception {
    ExportFiles files = files();
    byte[] first = content(10_000);
    files.write(ACME, "job1", "part-00002", out -> out.write(first));

    IOException cut = assertThrows(IOException.class, () -> files.write(ACME, "job1", "part-00002", out -> {
      out.write(content(5 << 20));
      throw new IOException("the store went away");
    }));
    assertEquals("the store went away", cut.getMessage());
    assertArrayEquals(first, read(files, ACME, "job1", "part-00002"), "the earlier file, whole");

    assertThrows(IOException.class, () -> files.write(ACME, "job1", "never", out -> {
      out.write(first);
      throw new IOException("cut off");
    }));
    assertThrows(NoSuchFileException.class, () -> read(files, ACME, "job1", "never"), "no half file");
  }

  @Test
  public void filesAreKeptApartByTenantAndJob() throws Exception {
    ExportFiles files = files();
    files.write(ACME, "job1", "export.ndjson", out -> out.write("acme job1".getBytes(StandardCharsets.UTF_8)));
    files.write(ACME, "job2", "export.ndjson", out -> out.write("acme job2".getBytes(StandardCharsets.UTF_8)));
    files.write(OTHER, "job1", "export.ndjson", out -> out.write("other job1".getBytes(StandardCharsets.UTF_8)));

    assertEquals("acme job1", new String(read(files, ACME, "job1", "export.ndjson"), StandardCharsets.UTF_8));
    assertEquals("acme job2", new String(read(files, ACME, "job2", "export.ndjson"), StandardCharsets.UTF_8));
    assertEquals("other job1", new String(read(files, OTHER, "job1", "export.ndjson"), StandardCharsets.UTF_8));
    assertTrue(files.delete(OTHER, "job1", "export.ndjson"));
    assertEquals("acme job1", new String(read(files, ACME, "job1", "export.ndjson"), StandardCharsets.UTF_8));
    assertTrue(!files.url(ACME, "job1", "export.ndjson").equals(files.url(OTHER, "job1", "export.ndjson")));
  }

  @Test
  public void aDeletedOrNeverWrittenFileIsNoSuchFile() throws Exception {
    ExportFiles files = files();
    assertThrows(NoSuchFileException.class, () -> read(files, ACME, "job9", "export.csv"));
    assertFalse(files.delete(ACME, "job9", "export.csv"));

    files.write(ACME, "job9", "export.csv", out -> out.write('a'));
    assertTrue(files.delete(ACME, "job9", "export.csv"));
    assertFalse(files.delete(ACME, "job9", "export.csv"), "deleted once");
    assertThrows(NoSuchFileException.class, () -> read(files, ACME, "job9", "export.csv"));
  }

  @Test
  public void namesThatCouldLeaveTheJobAreRefused() throws Exception {
    ExportFiles files = files();
    for (String bad : new String[] {"../x", "a/b", "..", "", ".hidden"}) {
      assertThrows(IllegalArgumentException.class, () -> files.write(ACME, "job1", bad, out -> out.write('x')), bad);
      assertThrows(IllegalArgumentException.class, () -> files.write(ACME, bad, "export.csv", out -> out.write('x')),
          bad);
    }
  }
}
