package io.tributary.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary quarantine list|replay}: frames processing could not store (docs/quarantine.md). */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
    description = "See the frames processing could not store, and replay them after a fix.")
final class QuarantineCli implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "quarantine needs a command: list or replay");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The quarantined frames, and why.")
  int list(@Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data)") Path data)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("quarantine", "list"));
    args.addAll(TributaryCli.asArgs(TributaryCli.flags("data", data)));
    return QuarantineCommand.run(args.toArray(new String[0]), System.out, System.err);
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Re-publish quarantined frames and process them (the runtime stopped).")
  int replay(@Parameters(paramLabel = "ID", arity = "0..*", description = "ids as 'quarantine list' shows them") List<String> ids,
      @Option(names = "--all", description = "every quarantined frame") boolean all,
      @Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data)") Path data)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("quarantine", "replay"));
    if (ids != null) {
      args.addAll(ids);
    }
    if (all) {
      args.add("--all");
    }
    args.addAll(TributaryCli.asArgs(TributaryCli.flags("data", data)));
    return QuarantineCommand.run(args.toArray(new String[0]), System.out, System.err);
  }
}
