package io.lclstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code lcl serve}: runs the checkpoint server ({@code --store DIR [--port 8642] [--bind
 * 127.0.0.1] [--token-file F]}) in its own JVM and waits for it; every argument, {@code --help}
 * included, goes to the server as given.
 */
@Command(
    name = "serve",
    description = {
      "Serves a checkpoint store over HTTP (API, file downloads with Range and ETag, a dashboard at /).",
      "  lcl serve --store DIR [--port 8642] [--bind 127.0.0.1] [--token-file F]   (lcl serve --help for details)"
    })
public final class ServeCommand implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Process server = ServerProcess.builder(args).inheritIO().start();
    Thread stop = new Thread(server::destroy, "lcl-serve-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    int code = server.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stop);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook runs anyway.
    }
    return code;
  }
}
