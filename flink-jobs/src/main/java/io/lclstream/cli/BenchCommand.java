package io.lclstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lcl bench}: the benchmark suites, each a subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks, printed as a table or --json.",
    subcommands = {io.lclstream.model.bench.BenchModelCommand.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing benchmark: choose one of " + spec.subcommands().keySet());
  }
}
