package io.lclstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts the checkpoint server in a JVM of its own: it uses RocksDB JNI, whose package
 * {@code org.rocksdb} clashes with Flink's own RocksDB, so it never runs inside this JVM. The
 * child's classpath is the checkpoints module's jar and runtime classpath, written by the build.
 */
public final class ServerProcess {
  static final String MAIN = "io.lclstream.checkpoints.serve.ServerMain";

  private ServerProcess() {}

  /** A process builder for {@code ServerMain args…}; the caller decides about I/O. */
  public static ProcessBuilder builder(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String logConfig = System.getProperty("log4j2.configurationFile");
    if (logConfig != null) {
      command.add("-Dlog4j2.configurationFile=" + logConfig);
    }
    String logDir = System.getProperty("lcl.log.dir");
    if (logDir != null) {
      command.add("-Dlcl.log.dir=" + logDir);
    }
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classpath());
    command.add(MAIN);
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  static String classpath() {
    Path home = Path.of(System.getProperty("lcl.home", "."));
    Path target = home.resolve("checkpoints").resolve("target");
    Path cpFile = target.resolve("runtime-classpath.txt");
    Path jar;
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      jar = files.filter(p -> p.getFileName().toString().matches("lcl-checkpoints-.*\\.jar")
              && !p.getFileName().toString().endsWith("-sources.jar"))
          .findFirst().orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (jar == null || !Files.isRegularFile(cpFile)) {
      throw new IllegalStateException("The checkpoint server is not built under " + target
          + " (its jar and runtime-classpath.txt are missing); run `mvn -DskipTests package` in " + home.toAbsolutePath()
          + ", or start lcl through bin/lcl, which builds it.");
    }
    try {
      return jar + java.io.File.pathSeparator + Files.readString(cpFile).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
