package io.lclstream.checkpoints.pull;

import io.lclstream.checkpoints.serve.TokenFiles;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lcl pull}: downloads a published checkpoint (or, with --follow, each new one) and verifies it. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads a checkpoint from a checkpoint server into DIR/<id>/, resuming partial files and",
      "verifying every sha256; the folder appears only when the snapshot is whole."
    })
public final class PullCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  /** Runs this command in a JVM of its own; {@code lcl pull} is the usual way in. */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new PullCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("lcl " + cmd.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      cmd.getErr().flush();
      return 1;
    });
    System.exit(cli.execute(args));
  }

  @Option(names = "--from", required = true, paramLabel = "URL", description = "The server's base URL, e.g. http://127.0.0.1:8642.")
  URI from;

  @Option(names = "--checkpoint", defaultValue = "latest", paramLabel = "latest|ID",
      description = "Which checkpoint (default: ${DEFAULT-VALUE}).")
  String checkpoint;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where to put it: DIR/<id>/ (and DIR/LATEST).")
  Path to;

  @Option(names = "--token-file", paramLabel = "F", description = "File whose first line is the server's bearer token.")
  Path tokenFile;

  @Option(names = "--follow", description = "Keep polling and pull each newly published checkpoint (a rolling pull); Ctrl-C stops.")
  boolean follow;

  @Option(names = "--interval", defaultValue = "10s", paramLabel = "DURATION",
      description = "With --follow, how often to poll (default: ${DEFAULT-VALUE}; e.g. 500ms, 30s, 5m).")
  String interval;

  @Option(names = "--no-progress", description = "No progress bar (for logs and scripts).")
  boolean noProgress;

  /** Set by tests to stop --follow. */
  final AtomicBoolean running = new AtomicBoolean(true);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String token = tokenFile == null ? null : TokenFiles.read(tokenFile);
    PrintStream progress = noProgress ? null : System.err;
    Puller puller = new Puller(new Puller.Options(from, token, to, progress, System.err));
    if (!follow) {
      report(out, puller.pull(checkpoint));
      return 0;
    }
    if (!checkpoint.equals("latest")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--follow pulls each new latest checkpoint; drop --checkpoint " + checkpoint + " or --follow");
    }
    Duration every = parseDuration(interval);
    Thread hook = new Thread(() -> running.set(false), "lcl-pull-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("lcl pull: following " + from + " every " + interval + " into " + to.toAbsolutePath().normalize() + "; Ctrl-C stops");
    out.flush();
    puller.follow(every, running::get, r -> report(out, r));
    return 0;
  }

  private static void report(PrintWriter out, Puller.Result r) {
    if (r.alreadyPresent()) {
      out.println("lcl pull: " + r.id() + " is already complete in " + r.dir());
    } else {
      out.printf(Locale.ROOT, "lcl pull: %s verified and in place at %s (%,d bytes downloaded, %,d resumed)%n",
          r.id(), r.dir(), r.bytesDownloaded(), r.bytesResumed());
    }
    out.flush();
  }

  static Duration parseDuration(String s) {
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException("Invalid value '" + s + "' for --interval: use a positive number with ms, s, m or h, e.g. 10s");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
