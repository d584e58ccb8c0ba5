package io.tributary.functions.durable;

import io.tributary.event.TenantId;
import io.tributary.export.ExportFiles;
import io.tributary.export.ExportFormat;
import io.tributary.export.ExportRequest;
import io.tributary.query.QueryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes an export job's file of its parts, in order (a JSON array's brackets and commas around the
 * parts' events), with its SHA-256, then deletes the parts. Idempotent: the file is written whole
 * before any part is deleted, and a run that finds the parts gone reads the file back instead.
 * A job with a destination then has the file copied into the caller's container (written whole,
 * replacing a copy an earlier run made) and its result names that blob, without the SAS.
 */
public final class ExportFinishActivity {

  public static final String NAME = "ExportFinish";

  private final ExportFiles files;
  private final io.tributary.export.ExportDestination destination;

  public ExportFinishActivity(ExportFiles files) {
    this(files, null);
  }

  /** @param destination where jobs with a destination copy their file; null to fail such jobs */
  public ExportFinishActivity(ExportFiles files, io.tributary.export.ExportDestination destination) {
    this.files = files;
    this.destination = destination;
  }

  /** The blob name of a job's file in its destination: {@code tributary-<job>.<format>}. */
  static String destinationName(String job, ExportFormat format) {
    return "tributary-" + job + "." + format.code();
  }

  /** The name of a job's file. */
  static String fileName(ExportFormat format) {
    return "export." + format.code();
  }

  public ExportResult run(ExportFinish finish) throws IOException, QueryException {
    ExportJob job = finish.job();
    TenantId tenant = TenantId.of(job.tenant());
    ExportFormat format = ExportRequest.of(job.params()).format();
    String name = fileName(format);
    long[] bytes = new long[1];
    byte[][] digest = new byte[1][];
    try {
      files.write(tenant, job.job(), name, out -> {
        MessageDigest sha = sha256();
        CountingStream counted = new CountingStream(new DigestOutputStream(out, sha));
        boolean json = format == ExportFormat.JSON;
        boolean any = false;
        if (json) {
          counted.write('[');
        }
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < finish.parts(); i++) {
          try (InputStream in = files.read(tenant, job.job(), ExportPartActivity.partName(i))) {
            int n = in.read(buf);
            if (n > 0 && json && any) {
              counted.write(',');
            }
            while (n > 0) {
              any = true;
              counted.write(buf, 0, n);
              n = in.read(buf);
            }
          }
        }
        if (json) {
          counted.write(']');
        }
        counted.flush();
        bytes[0] = counted.count;
        digest[0] = sha.digest();
      });
    } catch (NoSuchFileException partGone) {
      // A run before this one wrote the file and began deleting the parts: the file is the answer.
      MessageDigest sha = sha256();
      try (InputStream in = files.read(tenant, job.job(), name)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          sha.update(buf, 0, n);
          bytes[0] += n;
        }
      }
      digest[0] = sha.digest();
    }
    for (int i = 0; i < finish.parts(); i++) {
      files.delete(tenant, job.job(), ExportPartActivity.partName(i));
    }
    String url;
    if (job.destination() != null) {
      if (destination == null) {
        throw new IOException("this runtime cannot write to an export's destination");
      }
      url = destination.write(job.destination(), destinationName(job.job(), format), out -> {
        try (InputStream in = files.read(tenant, job.job(), name)) {
          in.transferTo(out);
        }
      });
    } else {
      url = files.url(tenant, job.job(), name);
    }
    return new ExportResult(url, finish.events(), bytes[0], HexFormat.of().formatHex(digest[0]));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
