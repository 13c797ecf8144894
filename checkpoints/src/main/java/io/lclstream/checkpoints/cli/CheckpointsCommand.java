package io.lclstream.checkpoints.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lclstream.checkpoints.store.FileCheck;
import io.lclstream.checkpoints.store.Json;
import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.checkpoints.store.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lcl checkpoints list|verify}: inspects a checkpoint store without changing it. */
@Command(
    name = "checkpoints",
    mixinStandardHelpOptions = true,
    description = "Inspects a checkpoint store (read-only).",
    subcommands = {CheckpointsCommand.ListCommand.class, CheckpointsCommand.VerifyCommand.class})
public final class CheckpointsCommand implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  /** Runs this command in a JVM of its own; {@code lcl checkpoints} is the usual way in. */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new CheckpointsCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("lcl " + cmd.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      cmd.getErr().flush();
      return 1;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }

  static SnapshotStore openStore(CommandLine cli, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CommandLine.ParameterException(cli, "--store " + dir + " is not a folder; pass a checkpoint store (e.g. lcl-work/checkpoints) or a folder lcl pull wrote");
    }
    return SnapshotStore.openReadOnly(dir);
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** {@code checkpoints list}: one row per published snapshot. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the published snapshots: id, step, created, losses, size.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The checkpoint store.")
    Path store;

    @Option(names = "--json", description = "One JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      SnapshotStore s = openStore(spec.commandLine(), store);
      List<Manifest> all = s.list();
      String latest = s.latestId().orElse(null);
      if (json) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("store", s.root().toString());
        if (latest != null) {
          root.put("latest", latest);
        }
        ArrayNode arr = root.putArray("checkpoints");
        for (Manifest m : all) {
          ObjectNode o = arr.addObject();
          o.put("id", m.id());
          o.put("step", m.step());
          o.put("createdAt", String.valueOf(m.createdAt()));
          o.set("loss", Json.MAPPER.valueToTree(m.loss()));
          o.put("samplesSeen", m.samplesSeen());
          o.put("bytes", m.totalBytes());
          o.put("latest", m.id().equals(latest));
        }
        out.println(Json.MAPPER.writeValueAsString(root));
      } else if (all.isEmpty()) {
        out.println("No published snapshot in " + s.root() + (s.stagedIds().isEmpty() ? "" : " (staged, not yet published: " + s.stagedIds() + ")"));
      } else {
        String fmt = "%-16s %12s  %-19s  %9s %12s %11s  %10s%n";
        out.printf(Locale.ROOT, fmt, "id", "step", "created (UTC)", "loss", "contrastive", "generation", "size");
        for (Manifest m : all) {
          out.printf(Locale.ROOT, fmt, m.id() + (m.id().equals(latest) ? "*" : ""), String.format(Locale.ROOT, "%,d", m.step()),
              m.createdAt() == null ? "" : TIME.format(m.createdAt()), f4(m.loss().total()), f4(m.loss().contrastive()),
              f4(m.loss().generation()), human(m.totalBytes()));
        }
        out.println(all.size() + " snapshots; * = LATEST");
      }
      out.flush();
      return 0;
    }
  }

  /** {@code checkpoints verify}: re-hashes every file; exit 1 when anything fails. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Re-hashes every file of every published snapshot (or one); exits 1 if any fails.")
  static final class VerifyCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The checkpoint store.")
    Path store;

    @Option(names = "--checkpoint", paramLabel = "ID", description = "Only this snapshot (default: all).")
    String checkpoint;

    @Option(names = "--json", description = "One JSON object instead of lines.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      SnapshotStore s = openStore(spec.commandLine(), store);
      List<String> ids = new ArrayList<>();
      if (checkpoint != null) {
        ids.add(checkpoint.equals("latest") ? s.latestId().orElse("latest") : checkpoint);
      } else {
        s.list().forEach(m -> ids.add(m.id()));
        // A folder that looks like a snapshot but does not list as one (unreadable manifest) fails too.
        try (var children = Files.list(s.root())) {
          children.map(p -> p.getFileName().toString())
              .filter(n -> SnapshotStore.isSnapshotId(n) && !ids.contains(n))
              .sorted()
              .forEach(ids::add);
        }
      }
      List<VerifyReport> reports = ids.stream().map(s::verify).toList();
      boolean ok = reports.stream().allMatch(VerifyReport::ok) && !reports.isEmpty();
      if (json) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("ok", ok);
        root.set("checkpoints", Json.MAPPER.valueToTree(reports));
        out.println(Json.MAPPER.writeValueAsString(root));
      } else if (reports.isEmpty()) {
        out.println("No published snapshot in " + s.root() + ": nothing to verify");
      } else {
        for (VerifyReport r : reports) {
          out.println(r.id() + ": " + (r.ok() ? "OK" : "FAILED"));
          r.problems().forEach(p -> out.println("  " + p));
          for (FileCheck f : r.files()) {
            out.println("  " + (f.ok() ? "ok    " : "FAILED") + " " + f.describe());
          }
        }
        long failed = reports.stream().filter(r -> !r.ok()).count();
        out.println(failed == 0 ? "all " + reports.size() + " snapshots verified"
            : failed + " of " + reports.size() + " snapshots FAILED verification");
      }
      out.flush();
      return ok ? 0 : 1;
    }
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String human(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
