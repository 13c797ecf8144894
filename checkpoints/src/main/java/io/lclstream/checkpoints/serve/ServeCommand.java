package io.lclstream.checkpoints.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lcl serve}: runs the checkpoint server until interrupted. Loads RocksDB, so it only ever
 * runs in its own JVM ({@link ServerMain}); parsing its options loads nothing of RocksDB.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a checkpoint store over HTTP: the API (/v1/checkpoints, /v1/checkpoints/latest,",
      "/v1/checkpoints/{id}, /v1/checkpoints/{id}/files/{name}, /v1/history) and a dashboard at /."
    })
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--store", required = true, paramLabel = "DIR", description = "The checkpoint store (the folder holding LATEST and ckpt-*).")
  Path store;

  @Option(names = "--port", defaultValue = "8642", paramLabel = "P", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String bind;

  @Option(names = "--token-file", paramLabel = "F",
      description = "File whose first line is a token every request must send as 'Authorization: Bearer <token>'.")
  Path tokenFile;

  /** Counted down by tests (and never in production) to stop a running server. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (Files.exists(store) && !Files.isDirectory(store)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--store " + store + " is a file, not a folder; pass the store the training sink publishes into (bin/lcl local uses lcl-work/checkpoints)");
    }
    if (!Files.exists(store)) {
      // The server may start before the training sink has published anything (bin/lcl local does).
      Files.createDirectories(store);
      err.println("lcl serve: " + store.toAbsolutePath().normalize() + " did not exist; created it empty, snapshots appear as the sink publishes them");
    }
    String token = tokenFile == null ? null : TokenFiles.read(tokenFile);
    if (token == null && !isLoopback(bind)) {
      err.println("lcl serve: warning: listening on " + bind + " without --token-file: anyone who can reach this port can download the checkpoints");
    }
    CheckpointServer.Config config = new CheckpointServer.Config(store, bind, port, token, Duration.ofSeconds(2));
    try (CheckpointServer server = CheckpointServer.start(config)) {
      out.println("lcl serve: serving " + store.toAbsolutePath().normalize() + " at " + server.url() + "/"
          + (token == null ? "" : " (bearer token required)") + "; Ctrl-C stops");
      out.flush();
      Thread hook = new Thread(stop::countDown, "lcl-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      stop.await();
      out.println("lcl serve: stopped");
      out.flush();
    }
    return 0;
  }

  private static boolean isLoopback(String addr) {
    return addr.equals("127.0.0.1") || addr.equals("localhost") || addr.equals("::1");
  }
}
