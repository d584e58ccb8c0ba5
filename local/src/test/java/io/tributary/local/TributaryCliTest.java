package io.tributary.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line as picocli reads it: every command answers {@code --help}; every flag the
 * README and docs show is one a command takes; a flag it does not take is refused with the
 * nearest one and where to read the rest; {@code --flag value} and {@code --flag=value} are the same.
 */
class TributaryCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = TributaryCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static final List<List<String>> COMMANDS = List.of(List.of(), List.of("up"), List.of("token"),
      List.of("parse"), List.of("ingest"), List.of("export"), List.of("archive"), List.of("archive", "cat"),
      List.of("archive", "compact"), List.of("quarantine"), List.of("quarantine", "list"),
      List.of("quarantine", "replay"));

  @Test
  void everyCommandAnswersHelpWithItsUsage() {
    for (List<String> command : COMMANDS) {
      out.getBuffer().setLength(0);
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      assertEquals(0, run(args.toArray(new String[0])), command + ": " + err);
      String usage = out.toString();
      assertTrue(usage.startsWith("Usage: " + String.join(" ", Stream.concat(Stream.of("tributary"), command.stream())
          .toList())), command + ": " + usage);
      assertTrue(usage.contains("--help"), usage);
    }
    out.getBuffer().setLength(0);
    assertEquals(0, run("help", "export"));
    assertTrue(out.toString().startsWith("Usage: tributary export"), out.toString());
  }

  @Test
  void everyFlagTheDocsShowIsOneTheCommandTakes() throws IOException {
    Pattern line = Pattern.compile("\\./tributary ((?:archive|quarantine) [a-z]+|[a-z]+)([^`\\n|]*)");
    Pattern flag = Pattern.compile("(?<![\\w-])--[a-zA-Z][a-zA-Z-]*");
    List<Path> docs = new ArrayList<>(List.of(Path.of("..", "README.md")));
    try (Stream<Path> s = Files.list(Path.of("..", "docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
    }
    CommandLine root = TributaryCli.commandLine();
    int checked = 0;
    for (Path doc : docs) {
      Matcher m = line.matcher(Files.readString(doc));
      while (m.find()) {
        CommandLine at = root;
        for (String word : m.group(1).split(" ")) {
          at = at.getSubcommands().get(word);
          assertNotNull(at, doc + " shows a command there is not: ./tributary " + m.group(1));
        }
        Matcher f = flag.matcher(m.group(2));
        while (f.find()) {
          assertNotNull(at.getCommandSpec().findOption(f.group()), doc + " shows ./tributary " + m.group(1) + " "
              + f.group() + ", which it does not take");
          checked++;
        }
      }
    }
    assertTrue(checked >= 20, "the docs' flags were read: " + checked);
  }

  @Test
  void aFlagACommandDoesNotTakeIsRefusedWithTheNearestAndWhereToLook() {
    assertEquals(2, run("token", "--tenat", "acme"));
    assertTrue(err.toString().contains("Unknown option"), err.toString());
    assertTrue(err.toString().contains("--tenant"), "the nearest flag: " + err);
    assertTrue(err.toString().contains("Run 'tributary token --help'"), err.toString());
  }

  @Test
  void anUnknownCommandNamesTheCommandsThereAre() {
    assertEquals(2, run("upp"));
    assertTrue(err.toString().contains("unknown command 'upp'; the commands are"), err.toString());
    assertTrue(err.toString().contains("tributary up"), "the nearest: " + err);
  }

  @Test
  void aCommandMissingWhatItNeedsSaysSo() {
    assertEquals(2, run("ingest", "--tenant", "acme"));
    assertTrue(err.toString().contains("Missing required parameter: 'FILE'"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("archive", "cat"));
    assertTrue(err.toString().contains("segment files or --tenant T"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("quarantine"));
    assertTrue(err.toString().contains("list or replay"), err.toString());
  }

  @Test
  void aFlagsValueMayFollowItOrAnEqualsSign() {
    for (String[] args : List.of(new String[] {"export", "--tenant", "acme", "--q", "severity:>=warn", "--no-wait"},
        new String[] {"export", "--tenant=acme", "--q=severity:>=warn", "--no-wait"})) {
      CommandLine.ParseResult r = TributaryCli.commandLine().parseArgs(args).subcommand();
      assertEquals("acme", r.matchedOptionValue("--tenant", null));
      assertEquals("severity:>=warn", r.matchedOptionValue("--q", null));
      assertTrue(r.hasMatchedOption("--no-wait"));
    }
    assertEquals(List.of("--tenant=acme", "--q=-a b=c"), TributaryCli.asArgs(TributaryCli.flags("tenant", "acme",
        "service", null, "q", "-a b=c")));
    assertEquals(java.util.Map.of("tenant", "acme", "q", "-a b=c"), Main.flags(new String[] {"--tenant=acme",
        "--q=-a b=c"}, 0), "what a command reads back");
  }
}
