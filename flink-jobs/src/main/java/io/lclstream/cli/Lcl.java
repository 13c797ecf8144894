package io.lclstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code lcl} command line: the one entry point users type, wiring each module's commands. */
@Command(
    name = "lcl",
    mixinStandardHelpOptions = true,
    versionProvider = Lcl.Version.class,
    description = "Continual Latent Compression Learning of vision encoders on streamed web pages.",
    subcommands = {
      io.lclstream.flink.local.LocalCommand.class,
      io.lclstream.connectors.push.PushCommand.class,
      io.lclstream.flink.job.JobCommand.class,
      ServeCommand.class,
      io.lclstream.checkpoints.pull.PullCommand.class,
      io.lclstream.checkpoints.cli.CheckpointsCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Lcl implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // `lcl` with no command prints the usage and fails, as every other wrong call does.
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }

  /** Builds the command line with every implemented subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Lcl());
    cli.setExecutionExceptionHandler(new FriendlyErrors());
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Reads the version stamped into the jar at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = load();
      return new String[] {
        "lcl-stream " + p.getProperty("version"),
        "Flink " + p.getProperty("flink") + ", Kafka " + p.getProperty("kafka")
            + ", DJL " + p.getProperty("djl") + ", Java " + System.getProperty("java.version")
      };
    }

    static Properties load() {
      Properties p = new Properties();
      try (InputStream in = Lcl.class.getResourceAsStream("/lcl-version.properties")) {
        if (in == null) {
          throw new IllegalStateException("lcl-version.properties is missing from the classpath; rebuild with `mvn -DskipTests package`");
        }
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p;
    }
  }

  /**
   * Turns an exception from a command into one line on stderr and exit code 1: users see what
   * went wrong and what to do, and the stack trace goes to the log file.
   */
  static final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Lcl.class);

    @Override
    public int handleExecutionException(
        Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
      // The stack trace goes to the log file only; the console gets the one-line message below.
      LOG.info("lcl {} failed", cli.getCommandName(), e);
      PrintWriter err = cli.getErr();
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      err.println("lcl " + cli.getCommandName() + ": " + message);
      err.flush();
      return cli.getExitCodeExceptionMapper() != null
          ? cli.getExitCodeExceptionMapper().getExitCode(e)
          : 1;
    }
  }
}
