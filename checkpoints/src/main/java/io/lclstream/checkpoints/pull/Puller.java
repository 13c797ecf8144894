package io.lclstream.checkpoints.pull;

import io.lclstream.checkpoints.store.Durable;
import io.lclstream.checkpoints.store.FileEntry;
import io.lclstream.checkpoints.store.Json;
import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Downloads published snapshots from a checkpoint server into {@code <to>/<id>/}: resumes partial
 * files with {@code Range}, checks every file's SHA-256 against the manifest, and renames the
 * snapshot into place only when it is whole, so {@code <to>/<id>/} is either absent or complete.
 *
 * <p>Partial downloads live in {@code <to>/.partial/<id>/}. After a pull, {@code <to>/LATEST} names
 * the newest snapshot pulled, so the folder reads like a store ({@code lcl checkpoints verify}).
 */
public final class Puller {

  /** How many times {@code latest} is re-resolved when the server retires it mid-pull. */
  private static final int MAX_ATTEMPTS = 5;

  /**
   * @param from the server's base URL, e.g. {@code http://127.0.0.1:8642}
   * @param token bearer token, or {@code null}
   * @param progress where the progress bar goes, or {@code null} for none
   * @param log where one-line messages go (never {@code null})
   */
  public record Options(URI from, String token, Path to, PrintStream progress, PrintStream log) {}

  /**
   * What one pull did.
   *
   * @param alreadyPresent the snapshot was already complete in the target folder
   * @param bytesDownloaded bytes received over the network
   * @param bytesResumed bytes of partial files kept from an earlier, interrupted pull
   * @param tried every resolution and retry, in order, for people reading why
   */
  public record Result(String id, Path dir, boolean alreadyPresent, long bytesDownloaded, long bytesResumed, List<String> tried) {}

  /** The snapshot vanished from the server while it was being pulled (retention retired it). */
  private static final class GoneException extends Exception {
    GoneException(String message) {
      super(message, null, false, false);
    }
  }

  private final Options options;
  private final HttpClient http;
  private final URI base;

  public Puller(Options options) {
    this.options = options;
    String s = options.from().toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https")) || base.getHost() == null) {
      throw new IllegalArgumentException("Invalid --from '" + options.from() + "': expected the server's base URL, e.g. http://127.0.0.1:8642");
    }
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * Pulls one snapshot: {@code latest} or a snapshot id.
   *
   * @throws PullException saying what was tried when the server cannot be reached, refuses, has no
   *     such snapshot, or sends a file whose SHA-256 does not match
   */
  public Result pull(String checkpoint) {
    if (!checkpoint.equals("latest") && !SnapshotStore.isSnapshotId(checkpoint)) {
      throw new IllegalArgumentException("Invalid --checkpoint '" + checkpoint + "': use 'latest' or an id like ckpt-000001200 (see GET " + base + "/v1/checkpoints)");
    }
    List<String> tried = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      byte[] manifestBytes = getManifest(checkpoint, tried);
      Manifest m = parse(manifestBytes, checkpoint);
      tried.add("resolved " + checkpoint + " to " + m.id() + " (step " + m.step() + ", " + m.files().size() + " files, " + m.totalBytes() + " bytes)");
      try {
        return download(m, manifestBytes, tried);
      } catch (GoneException e) {
        tried.add(e.getMessage());
        if (!checkpoint.equals("latest") || attempt >= MAX_ATTEMPTS) {
          throw new PullException("Cannot pull " + checkpoint + ": " + e.getMessage() + ". Tried: " + String.join("; ", tried)
              + (checkpoint.equals("latest") ? "" : ". Pull 'latest' instead, or a newer id from " + base + "/v1/checkpoints"));
        }
      }
    }
  }

  /**
   * Rolling pull: polls {@code latest} every {@code interval} and pulls each newly published
   * snapshot, until {@code keepGoing} says stop. Failures of one round are reported and retried.
   */
  public void follow(Duration interval, BooleanSupplier keepGoing, Consumer<Result> onPulled) throws InterruptedException {
    String last = null;
    while (keepGoing.getAsBoolean()) {
      try {
        Result r = pull("latest");
        if (!r.id().equals(last)) {
          onPulled.accept(r);
          last = r.id();
        }
      } catch (PullException e) {
        options.log().println("lcl pull: " + e.getMessage() + " (retrying in " + interval.toSeconds() + " s)");
      }
      long until = System.nanoTime() + interval.toNanos();
      while (keepGoing.getAsBoolean() && System.nanoTime() < until) {
        Thread.sleep(Math.min(200, Math.max(1, interval.toMillis())));
      }
    }
  }

  // ---------------------------------------------------------------- manifest

  private byte[] getManifest(String checkpoint, List<String> tried) {
    URI uri = base.resolve(base.getPath() + "/v1/checkpoints/" + checkpoint);
    tried.add("GET " + uri);
    HttpResponse<byte[]> r = send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray(), tried);
    if (r.statusCode() == 200) {
      return r.body();
    }
    throw new PullException(describe(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), uri, checkpoint) + ". Tried: " + String.join("; ", tried));
  }

  private Manifest parse(byte[] bytes, String checkpoint) {
    try {
      Manifest m = Json.MAPPER.readValue(bytes, Manifest.class);
      if (!SnapshotStore.isSnapshotId(m.id()) || (!checkpoint.equals("latest") && !checkpoint.equals(m.id()))) {
        throw new PullException("The server answered " + checkpoint + " with a manifest for '" + m.id() + "'; is --from a checkpoint server?");
      }
      for (FileEntry f : m.files()) {
        if (!SnapshotStore.isValidFileName(f.name()) || f.sha256() == null || f.bytes() < 0) {
          throw new PullException("The manifest of " + m.id() + " lists an unsafe or incomplete file entry " + f + "; refusing to write it");
        }
      }
      return m;
    } catch (IOException e) {
      throw new PullException("The server's manifest for " + checkpoint + " is not valid JSON (" + e.getMessage() + "); is --from a checkpoint server?", e);
    }
  }

  // ---------------------------------------------------------------- files

  private Result download(Manifest m, byte[] manifestBytes, List<String> tried) throws GoneException {
    Path to = options.to().toAbsolutePath().normalize();
    Path finalDir = to.resolve(m.id());
    try {
      if (Files.isRegularFile(finalDir.resolve(Manifest.FILE_NAME)) && sizesMatch(finalDir, m)) {
        tried.add(finalDir + " already holds " + m.id());
        updateLatest(to, m);
        return new Result(m.id(), finalDir, true, 0, 0, List.copyOf(tried));
      }
      Path partial = to.resolve(".partial").resolve(m.id());
      Files.createDirectories(partial);
      long total = m.totalBytes();
      long resumed = 0;
      long downloaded = 0;
      try (ProgressBar bar = progressBar(m.id(), total)) {
        for (FileEntry f : m.files()) {
          Path part = partial.resolve(f.name());
          long have = Files.exists(part, LinkOption.NOFOLLOW_LINKS) ? Files.size(part) : 0;
          if (have > f.bytes()) {
            Files.delete(part);
            have = 0;
          }
          if (have == f.bytes() && Durable.sha256(part).equals(f.sha256())) {
            resumed += have;
            if (bar != null) {
              bar.stepBy(have);
            }
            continue;
          }
          for (int round = 1; ; round++) {
            long before = Files.exists(part) ? Files.size(part) : 0;
            if (before > 0 && before < f.bytes()) {
              tried.add("resuming " + f.name() + " at byte " + before);
            }
            long got = fetch(m, f, part, bar, tried);
            downloaded += got;
            resumed += Files.size(part) - got;
            String sha = Durable.sha256(part);
            if (sha.equals(f.sha256()) && Files.size(part) == f.bytes()) {
              break;
            }
            Files.delete(part);
            tried.add(f.name() + ": sha256 " + sha + " does not match the manifest's " + f.sha256() + " (round " + round + ")");
            if (round >= 2) {
              throw new PullException("Pulled " + f.name() + " of " + m.id() + " twice and its sha256 is " + sha + " both times, not "
                  + f.sha256() + " as the manifest says: the server's copy is corrupt (run `lcl checkpoints verify --store DIR` on the"
                  + " server); nothing was written to " + finalDir);
            }
            if (bar != null) {
              bar.stepTo(bar.getCurrent() - f.bytes());
            }
          }
        }
      }
      Files.write(partial.resolve(Manifest.FILE_NAME), manifestBytes);
      for (FileEntry f : m.files()) {
        Durable.fsync(partial.resolve(f.name()));
      }
      Durable.fsync(partial.resolve(Manifest.FILE_NAME));
      Durable.fsyncDir(partial);
      if (Files.exists(finalDir, LinkOption.NOFOLLOW_LINKS)) {
        Durable.deleteTree(finalDir); // an incomplete copy made by hand: replaced by the verified one
      }
      Files.move(partial, finalDir, StandardCopyOption.ATOMIC_MOVE);
      Durable.fsyncDir(to);
      try {
        Files.deleteIfExists(to.resolve(".partial"));
      } catch (IOException e) {
        // Another pull's partial folder is still there.
      }
      updateLatest(to, m);
      tried.add("verified " + m.files().size() + " files and moved them to " + finalDir);
      return new Result(m.id(), finalDir, false, downloaded, resumed, List.copyOf(tried));
    } catch (IOException e) {
      throw new PullException("Cannot write " + m.id() + " under " + to + ": " + e + "; check that --to is a writable folder with "
          + m.totalBytes() + " bytes free", e);
    }
  }

  /** Downloads (the rest of) one file into {@code part}; returns how many bytes came over the network. */
  private long fetch(Manifest m, FileEntry f, Path part, ProgressBar bar, List<String> tried) throws IOException, GoneException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    URI uri = base.resolve(base.getPath() + "/v1/checkpoints/" + m.id() + "/files/" + f.name());
    HttpRequest.Builder req = request(uri).GET();
    if (have > 0) {
      req.header("Range", "bytes=" + have + "-").header("If-Range", "\"" + f.sha256() + "\"");
    }
    HttpResponse<InputStream> r = send(req.build(), HttpResponse.BodyHandlers.ofInputStream(), tried);
    try (InputStream in = r.body()) {
      int status = r.statusCode();
      boolean append;
      if (status == 206) {
        String cr = r.headers().firstValue("Content-Range").orElse("");
        append = cr.startsWith("bytes " + have + "-");
        if (!append) {
          throw new PullException("The server answered the range request for " + f.name() + " with Content-Range '" + cr + "', not from byte " + have);
        }
      } else if (status == 200) {
        append = false;
        if (bar != null && have > 0) {
          bar.stepTo(bar.getCurrent() - have);
        }
      } else if (status == 416) {
        Files.deleteIfExists(part);
        return fetch(m, f, part, bar, tried);
      } else if (status == 404 || status == 410) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        throw new GoneException(m.id() + " is no longer on the server (GET " + uri + " → " + status + ": " + message(body) + ")");
      } else {
        throw new PullException(describe(status, new String(in.readAllBytes(), StandardCharsets.UTF_8), uri, m.id()));
      }
      long got = 0;
      byte[] buf = new byte[256 * 1024];
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          got += n;
          if (bar != null) {
            bar.stepBy(n);
          }
        }
      }
      return got;
    }
  }

  private static boolean sizesMatch(Path dir, Manifest m) throws IOException {
    for (FileEntry f : m.files()) {
      Path p = dir.resolve(f.name());
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) != f.bytes()) {
        return false;
      }
    }
    return true;
  }

  /** Points {@code <to>/LATEST} at {@code m} unless it already names a newer snapshot. */
  private static synchronized void updateLatest(Path to, Manifest m) throws IOException {
    Path latest = to.resolve(SnapshotStore.LATEST);
    Optional<String> current = Optional.empty();
    if (Files.isRegularFile(latest)) {
      current = Optional.of(Files.readString(latest, StandardCharsets.UTF_8).trim());
    }
    if (current.isPresent() && SnapshotStore.isSnapshotId(current.get()) && current.get().compareTo(m.id()) >= 0
        && current.get().length() == m.id().length() && Files.isDirectory(to.resolve(current.get()))) {
      return;
    }
    Durable.writeAtomically(latest, (m.id() + "\n").getBytes(StandardCharsets.UTF_8), null);
  }

  // ---------------------------------------------------------------- http

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("User-Agent", "lcl-pull");
    if (options.token() != null) {
      b.header("Authorization", "Bearer " + options.token());
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, List<String> tried) {
    try {
      return http.send(req, handler);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new PullException("Cannot reach the checkpoint server at " + base + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is `lcl serve` running there, and is --from right? Tried: "
          + String.join("; ", tried), e);
    } catch (IOException e) {
      throw new PullException("The connection to " + base + " failed during " + req.method() + " " + req.uri() + ": " + e
          + "; run the same command again to resume. Tried: " + String.join("; ", tried), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PullException("Interrupted while pulling from " + base, e);
    }
  }

  private String describe(int status, String body, URI uri, String what) {
    String msg = message(body);
    return switch (status) {
      case 401 -> "The server at " + base + " refused the request (401: " + msg + ")"
          + (options.token() == null ? "; pass --token-file with the server's token" : "; check the token in --token-file");
      case 404 -> "The server at " + base + " has no checkpoint '" + what + "' (404: " + msg + ")";
      default -> "GET " + uri + " failed with HTTP " + status + ": " + msg;
    };
  }

  /** The {@code message} of the server's JSON error body, or the body itself. */
  private static String message(String body) {
    try {
      var node = Json.MAPPER.readTree(body);
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (IOException e) {
      // not JSON
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  private ProgressBar progressBar(String id, long total) {
    if (options.progress() == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName(id)
        .setInitialMax(total)
        .setUnit("MiB", 1 << 20)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(options.progress()))
        .setUpdateIntervalMillis(250)
        .build();
  }
}
