package io.lclstream.checkpoints.serve;

import picocli.CommandLine;

/**
 * Entry point of the server JVM: takes exactly the {@code lcl serve} flags ({@code --store DIR
 * [--port P] [--bind ADDR] [--token-file F]}). Run with {@code
 * checkpoints/target/lcl-checkpoints-*.jar} plus {@code checkpoints/target/runtime-classpath.txt}.
 */
public final class ServerMain {

  private ServerMain() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      org.slf4j.LoggerFactory.getLogger(ServerMain.class).info("lcl serve failed", e);
      cmd.getErr().println("lcl serve: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      cmd.getErr().flush();
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
