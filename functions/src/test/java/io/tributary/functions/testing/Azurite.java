package io.tributary.functions.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Azurite's Blob service on 127.0.0.1, started once per test class that registers it
 * ({@code @RegisterExtension static Azurite azurite}) and killed by its process id after. When
 * {@code node_modules/.bin/azurite-blob} is missing under the repository root it is installed
 * there first ({@code npm install --no-save azurite@3.37.0}), so a fresh clone needs no manual
 * step. Data is kept in memory (Azurite does not allow {@code -l} with that, so a temporary folder
 * is its working folder); telemetry is off, so nothing leaves the machine.
 */
public final class Azurite implements BeforeAllCallback, AfterAllCallback {

  public static final String VERSION = "3.37.0";
  /** Azurite's well-known development account. */
  public static final String ACCOUNT = "devstoreaccount1";
  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final AtomicInteger CONTAINERS = new AtomicInteger();

  private Process process;
  private Path workspace;
  private Path log;
  private int port;
  private BlobServiceClient service;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path root = repositoryRoot();
    Path bin = root.resolve("node_modules/.bin/azurite-blob");
    if (!Files.isExecutable(bin)) {
      install(root);
    }
    workspace = Files.createTempDirectory("azurite-");
    log = workspace.resolve("azurite.log");
    port = freePort();
    process = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
        "--skipApiVersionCheck", "--inMemoryPersistence", "--disableTelemetry", "--silent")
        // Azurite refuses -l (a workspace) with --inMemoryPersistence; the temp folder is its working dir.
        .directory(workspace.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    awaitPort(30_000);
    service = new BlobServiceClientBuilder()
        .endpoint(endpoint())
        .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
        .buildClient();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      children.forEach(ProcessHandle::destroyForcibly);
      process = null;
    }
    if (workspace != null) {
      try (var s = Files.walk(workspace)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** {@code http://127.0.0.1:<port>/devstoreaccount1}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
        + endpoint() + ";";
  }

  public BlobServiceClient service() {
    return service;
  }

  /** A client of a container name no other test of this JVM has used (not created). */
  public BlobContainerClient newContainer(String prefix) {
    return service.getBlobContainerClient(prefix + "-" + CONTAINERS.incrementAndGet());
  }

  private static void install(Path root) throws IOException, InterruptedException {
    Path out = Files.createTempFile("npm-azurite-", ".log");
    Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "azurite@" + VERSION)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
    if (!npm.waitFor(10, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new IOException("npm install azurite@" + VERSION + " took over 10 minutes; see " + out);
    }
    if (npm.exitValue() != 0) {
      throw new IOException("npm install azurite@" + VERSION + " failed (" + npm.exitValue() + "): "
          + Files.readString(out));
    }
  }

  private void awaitPort(long millis) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("azurite-blob exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException("azurite-blob did not listen on " + port + " within " + millis + " ms: "
        + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** The folder with the reactor's pom.xml and shared/ (the working folder of a test is its module). */
  public static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("shared"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
