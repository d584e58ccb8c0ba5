package io.tributary.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary archive cat|compact}: read or compact the local archive (docs/archive.md). */
@Command(name = "archive", mixinStandardHelpOptions = true, description = "Read or compact the local archive.")
final class ArchiveCli implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "archive needs a command: cat or compact");
  }

  @Command(name = "cat", mixinStandardHelpOptions = true,
      description = "Print archive events as NDJSON, each once: of segment files, or of a tenant's whole archive.")
  int cat(@Parameters(paramLabel = "SEGMENT", arity = "0..*", description = "segment files") List<Path> segments,
      @Option(names = "--tenant", paramLabel = "T", description = "every segment of this tenant") String tenant,
      @Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data)") Path data)
      throws Exception {
    if ((segments == null || segments.isEmpty()) == (tenant == null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine().getSubcommands().get("cat"),
          "archive cat takes segment files or --tenant T, one of the two");
    }
    Map<String, String> f = TributaryCli.flags("tenant", tenant, "data", data);
    List<String> args = new ArrayList<>(List.of("archive", "cat"));
    if (segments != null) {
      segments.forEach(p -> args.add(p.toString()));
    }
    args.addAll(TributaryCli.asArgs(f));
    return Main.archive(args.toArray(new String[0]));
  }

  @Command(name = "compact", mixinStandardHelpOptions = true,
      description = "Merge small archive segments now (the runtime stopped; a running one does it itself).")
  int compact(@Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data)") Path data)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("archive", "compact"));
    args.addAll(TributaryCli.asArgs(TributaryCli.flags("data", data)));
    return Main.archive(args.toArray(new String[0]));
  }
}
