package io.tributary.export;

import io.tributary.event.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * {@link ExportFiles} in a folder: {@code <root>/<tenant>/<job>/<name>} (owner-only), each written to a
 * temporary file, fsynced, then renamed over the name (atomic on one file system) and the folder
 * fsynced, so a crash leaves the old file or the new, never half of one.
 */
public final class DirectoryExportFiles implements ExportFiles {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path root;

  public DirectoryExportFiles(Path root) {
    this.root = root;
  }

  private Path dir(TenantId tenant, String job) {
    check(job);
    return root.resolve(tenant.value()).resolve(job);
  }

  private static String check(String name) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("not a file name: " + name);
    }
    return name;
  }

  @Override
  public void write(TenantId tenant, String job, String name, Content content) throws IOException {
    Path dir = OwnerOnly.createDirectories(dir(tenant, job));
    Path target = dir.resolve(check(name));
    Path tmp = dir.resolve(name + ".tmp");
    Files.deleteIfExists(tmp); // left by a write a crash cut off
    try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), OwnerOnly.file()); OutputStream out = new java.io.BufferedOutputStream(
            java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
      content.writeTo(out);
      out.flush();
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a folder; the rename is then as durable as they make it.
    }
  }

  @Override
  public InputStream read(TenantId tenant, String job, String name) throws IOException {
    return Files.newInputStream(dir(tenant, job).resolve(check(name)));
  }

  @Override
  public boolean delete(TenantId tenant, String job, String name) throws IOException {
    return Files.deleteIfExists(dir(tenant, job).resolve(check(name)));
  }

  @Override
  public String url(TenantId tenant, String job, String name) {
    return dir(tenant, job).resolve(check(name)).toAbsolutePath().toUri().toString();
  }
}
