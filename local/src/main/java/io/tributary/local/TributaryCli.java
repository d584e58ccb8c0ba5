package io.tributary.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code ./tributary} command line as picocli declares it: every command and flag, its help
 * ({@code --help} on each, {@code tributary help CMD}) and the refusal of a flag it does not take
 * (with the nearest one it does, and where to read the rest). Each command hands its flags to the
 * code that runs it ({@link Main}, {@link ExportCommand}, {@link QuarantineCommand}) as before;
 * both {@code --flag value} and {@code --flag=value} are read.
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, version = "tributary 0.1.0",
    description = "The local runtime of Tributary and the tools around it. Settings come from local.settings.json"
        + " in the working folder and the environment; flags win over both.",
    subcommands = {CommandLine.HelpCommand.class, ArchiveCli.class, QuarantineCli.class},
    footer = {"", "Run 'tributary COMMAND --help' for a command's flags."})
final class TributaryCli implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The command line, its errors answered with exit code 2 and a hint saying what to run. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new TributaryCli());
    cl.setParameterExceptionHandler((e, args) -> {
      CommandLine at = e.getCommandLine();
      PrintWriter err = at.getErr();
      boolean command = at.getParent() == null && e instanceof CommandLine.UnmatchedArgumentException u
          && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-");
      err.println("tributary: " + (command ? "unknown command '" + ((CommandLine.UnmatchedArgumentException) e)
          .getUnmatched().get(0) + "'; the commands are " + String.join(", ", at.getSubcommands().keySet())
          : e.getMessage()));
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Run '" + at.getCommandSpec().qualifiedName() + " --help' to see what it takes.");
      err.flush();
      return 2;
    });
    return cl;
  }

  @Override
  public Integer call() {
    // No command: what there is to run.
    spec.commandLine().usage(spec.commandLine().getErr());
    return 0;
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Run the local runtime on 127.0.0.1:7071 (the console at /) until Ctrl-C; logs JSON lines.")
  int up(@Option(names = "--data", paramLabel = "DIR", description = "data folder (default ./data)") Path data,
      @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 7071)") Integer port)
      throws Exception {
    Main.up(flags("data", data, "port", port));
    return 0;
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = {"Print a token for the local runtime, signed with its key (stderr says which).",
          "Roles: logs.write, logs.read, logs.export, alerts.manage, tenants.admin."})
  int token(@Option(names = "--tenant", paramLabel = "T", description = "the tenant (required): 1-63 of a-z 0-9 - _")
      String tenant,
      @Option(names = "--roles", paramLabel = "r1,r2", description = "roles (default logs.write,logs.read)") String roles,
      @Option(names = "--ttl", paramLabel = "1h", description = "lifetime: 30m, 1h, 7d (default 1h)") String ttl,
      @Option(names = "--data", paramLabel = "DIR", description = "data folder whose key signs (default ./data)") Path data)
      throws Exception {
    Map<String, String> f = flags("tenant", tenant, "roles", roles, "ttl", ttl, "data", data);
    return Main.token(f, Main.settings(f), java.time.Instant.now(), System.out, System.err);
  }

  @Command(name = "parse", mixinStandardHelpOptions = true,
      description = "Parse raw log lines (files, or stdin) to JSON events, one per line.")
  int parse(@Parameters(paramLabel = "FILE", arity = "0..*", description = "log files (default stdin)") List<String> files)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("parse"));
    if (files != null) {
      args.addAll(files);
    }
    Main.parse(args.toArray(new String[0]));
    return 0;
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = {"Send log files to a running instance, in batches, with progress on stderr.",
          "The token comes from " + Main.TOKEN_ENV + ", --token-file, or the local key (logs.write)."})
  int ingest(@Parameters(paramLabel = "FILE", arity = "1..*", description = "log files") List<Path> files,
      @Option(names = "--tenant", paramLabel = "T", description = "tenant (default 'default')") String tenant,
      @Option(names = "--service", paramLabel = "S", description = "service (default the first file's name)") String service,
      @Option(names = "--url", paramLabel = "URL", description = "the instance (default http://127.0.0.1:7071)") String url,
      @Option(names = "--batch", paramLabel = "N", description = "lines per request (default 5000)") Integer batch,
      @Option(names = "--token-file", paramLabel = "F", description = "a file holding the token") Path tokenFile,
      @Option(names = "--token", hidden = true) String token,
      @Option(names = "--data", paramLabel = "DIR", description = "data folder whose key signs (default ./data)") Path data,
      @Option(names = "--port", paramLabel = "N", description = "port of the default URL") Integer port)
      throws Exception {
    Map<String, String> f = flags("tenant", tenant, "service", service, "url", url, "batch", batch,
        "token-file", tokenFile, "token", token, "data", data, "port", port);
    List<String> args = new ArrayList<>(List.of("ingest"));
    files.forEach(p -> args.add(p.toString()));
    args.addAll(asArgs(f));
    return Main.ingest(args.toArray(new String[0]), f);
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Start an export job of the filters, show its progress on stderr, and copy the file.",
          "Exit 0 completed, 1 failed or cancelled, 2 refused. The token as for ingest (logs.export)."})
  int export(@Option(names = "--tenant", paramLabel = "T", description = "tenant (default 'default')") String tenant,
      @Option(names = "--from", paramLabel = "TIME", description = "ISO-8601 or epoch, inclusive") String from,
      @Option(names = "--to", paramLabel = "TIME", description = "ISO-8601 or epoch, exclusive") String to,
      @Option(names = "--q", paramLabel = "QUERY", description = "the query language (docs/query-language.md)") String q,
      @Option(names = "--format", paramLabel = "FORMAT", description = "csv, ndjson (default) or json") String format,
      @Option(names = "--fields", paramLabel = "F,..", description = "fields to keep") String fields,
      @Option(names = "--service", paramLabel = "S,..", description = "services") String service,
      @Option(names = "--host", paramLabel = "H,..", description = "hosts") String host,
      @Option(names = "--severity", paramLabel = "S,..", description = "severities") String severity,
      @Option(names = "--minSeverity", paramLabel = "S", description = "the lowest severity") String minSeverity,
      @Option(names = "--out", paramLabel = "FILE", description = "where to copy the file") Path out,
      @Option(names = "--no-wait", description = "only start it; print its id") boolean noWait,
      @Option(names = "--url", paramLabel = "URL", description = "the instance (default http://127.0.0.1:7071)") String url,
      @Option(names = "--token-file", paramLabel = "F", description = "a file holding the token") Path tokenFile,
      @Option(names = "--token", hidden = true) String token,
      @Option(names = "--data", paramLabel = "DIR", description = "data folder whose key signs (default ./data)") Path data,
      @Option(names = "--port", paramLabel = "N", description = "port of the default URL") Integer port)
      throws Exception {
    Map<String, String> f = flags("tenant", tenant, "from", from, "to", to, "q", q, "format", format, "fields", fields,
        "service", service, "host", host, "severity", severity, "minSeverity", minSeverity, "out", out,
        "no-wait", noWait ? "true" : null, "url", url, "token-file", tokenFile, "token", token, "data", data, "port", port);
    List<String> args = new ArrayList<>(List.of("export"));
    args.addAll(asArgs(f));
    return ExportCommand.run(args.toArray(new String[0]), System.out, System.err, System.getenv());
  }

  /** {@code name, value, …} pairs as flags, the absent (null) ones left out. */
  static Map<String, String> flags(Object... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        out.put((String) pairs[i], pairs[i + 1].toString());
      }
    }
    return out;
  }

  /** Flags as {@code --name=value} arguments, which the commands' own readers take whatever the value holds. */
  static List<String> asArgs(Map<String, String> flags) {
    List<String> out = new ArrayList<>();
    flags.forEach((k, v) -> out.add("--" + k + "=" + v));
    return out;
  }
}
