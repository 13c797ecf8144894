package io.lclstream.checkpoints.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lclstream.checkpoints.store.FileEntry;
import io.lclstream.checkpoints.store.Json;
import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.SnapshotStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint HTTP server: the read-only API over a store's published snapshots ({@code
 * DESIGN.md} §6), the history from the RocksDB catalog, and the dashboard.
 *
 * <p>Only published snapshots, and only files their manifest lists, can be reached: paths are
 * split and decoded segment by segment, each segment must be a valid id or listed file name (so
 * {@code ..}, encoded slashes, NUL and absolute paths never resolve), and files are opened without
 * following symlinks.
 */
public final class CheckpointServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointServer.class);
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final int CHUNK = 256 * 1024;

  /** Where and how to serve; {@code token} is {@code null} when no authentication is wanted. */
  public record Config(Path store, String bind, int port, String token, Duration pollInterval) {
    public Config {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Invalid value " + port + " for --port: must be 0..65535 (0 picks a free port)");
      }
      if (token != null && token.isBlank()) {
        throw new IllegalArgumentException("The token is empty: put the token on the first line of the --token-file");
      }
    }
  }

  private final Config config;
  private final SnapshotStore store;
  private final Catalog catalog;
  private final HttpServer http;
  private final ExecutorService workers;
  private final ScheduledExecutorService poller;
  private final String leaseOwner = "server-" + ProcessHandle.current().pid();
  private final byte[] expectedAuthorization;

  private CheckpointServer(Config config, SnapshotStore store, Catalog catalog, HttpServer http,
      ExecutorService workers, ScheduledExecutorService poller) {
    this.config = config;
    this.store = store;
    this.catalog = catalog;
    this.http = http;
    this.workers = workers;
    this.poller = poller;
    this.expectedAuthorization = config.token() == null ? null
        : ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Starts serving: opens the store read-only and the catalog in {@code <store>/.catalog}, records
   * every snapshot present, and polls the store for new ones every {@code pollInterval}.
   */
  public static CheckpointServer start(Config config) throws IOException {
    SnapshotStore store = SnapshotStore.openReadOnly(config.store());
    Catalog catalog = Catalog.open(store.root().resolve(".catalog"));
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 128);
    } catch (IOException e) {
      catalog.close();
      throw new IOException("Cannot listen on " + config.bind() + ":" + config.port() + " (" + e.getMessage()
          + "); choose another --port, or stop what is using it", e);
    }
    ExecutorService workers = Executors.newFixedThreadPool(32, daemon("checkpoint-http"));
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("checkpoint-catalog"));
    CheckpointServer server = new CheckpointServer(config, store, catalog, http, workers, poller);
    server.sync();
    http.createContext("/", server::handle);
    http.setExecutor(workers);
    http.start();
    long every = Math.max(50, config.pollInterval().toMillis());
    poller.scheduleWithFixedDelay(server::syncQuietly, every, every, TimeUnit.MILLISECONDS);
    LOG.info("Serving {} on http://{}:{}/ ({} snapshots in the catalog)", store.root(), config.bind(), server.port(), catalog.size());
    return server;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The base URL clients use. */
  public String url() {
    String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return "http://" + host + ":" + port();
  }

  /** Records in the catalog every published snapshot not in it yet; returns how many were new. */
  public int sync() {
    int added = 0;
    for (Manifest m : store.list()) {
      if (catalog.add(m)) {
        added++;
        LOG.info("Catalog: recorded {} (step {})", m.id(), m.step());
      }
    }
    return added;
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("Catalog sync of {} failed (will retry): {}", store.root(), e.toString());
    }
  }

  /** How many snapshots the catalog has recorded (without syncing first). */
  public int catalogSize() {
    return catalog.size();
  }

  /** Every snapshot ever published, by step, marked with whether its files are still served. */
  public List<HistoryPoint> history() {
    sync();
    Set<String> present = new HashSet<>();
    store.list().forEach(m -> present.add(m.id()));
    return catalog.all().stream().map(m -> HistoryPoint.of(m, present.contains(m.id()))).toList();
  }

  @Override
  public void close() {
    http.stop(0);
    poller.shutdownNow();
    workers.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    catalog.close();
    store.close();
  }

  // ---------------------------------------------------------------- routing

  /** An HTTP outcome other than success, turned into a JSON error body. */
  private static final class HttpError extends Exception {
    final int status;
    final String code;

    HttpError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      try {
        route(ex);
      } catch (HttpError e) {
        sendError(ex, e.status, e.code, e.getMessage());
      } catch (IOException e) {
        // The client went away mid-response: nothing to answer.
        LOG.debug("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        sendError(ex, 500, "internal_error", "The server failed: " + e + " (details in the server log)");
      }
    } catch (IOException e) {
      LOG.debug("Could not send an error response: {}", e.toString());
    }
  }

  private void route(HttpExchange ex) throws HttpError, IOException {
    authorize(ex);
    String method = ex.getRequestMethod();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      throw new HttpError(405, "method_not_allowed", "Method " + method + " is not allowed: the checkpoint API is read-only (GET, HEAD)");
    }
    List<String> seg = segments(ex.getRequestURI().getRawPath());
    if (seg.isEmpty()) {
      sendBytes(ex, 200, "text/html; charset=utf-8", Dashboard.render(history(), store.latestId().orElse(null), config.token() != null), head);
      return;
    }
    if (seg.size() == 2 && seg.get(0).equals("v1") && seg.get(1).equals("history")) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.set("points", Json.MAPPER.valueToTree(history()));
      sendJson(ex, 200, body, head);
      return;
    }
    if (seg.size() >= 2 && seg.get(0).equals("v1") && seg.get(1).equals("checkpoints")) {
      if (seg.size() == 2) {
        sendJson(ex, 200, listing(), head);
        return;
      }
      Manifest m = published(seg.get(2));
      store.touchLease(m.id(), leaseOwner);
      if (seg.size() == 3) {
        ex.getResponseHeaders().set("ETag", "\"" + m.id() + "\"");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        sendJson(ex, 200, Json.MAPPER.valueToTree(m), head);
        return;
      }
      if (seg.size() == 5 && seg.get(3).equals("files")) {
        serveFile(ex, m, seg.get(4), head);
        return;
      }
    }
    throw new HttpError(404, "not_found", "No such resource: " + ex.getRequestURI().getRawPath()
        + ". Try GET /v1/checkpoints, /v1/checkpoints/latest, /v1/checkpoints/{id}, /v1/checkpoints/{id}/files/{name}, /v1/history or /");
  }

  private void authorize(HttpExchange ex) throws HttpError {
    if (expectedAuthorization == null) {
      return;
    }
    String got = ex.getRequestHeaders().getFirst("Authorization");
    byte[] gotBytes = got == null ? new byte[0] : got.trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(gotBytes, expectedAuthorization)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"lcl-checkpoints\"");
      throw new HttpError(401, "unauthorized", got == null
          ? "This server needs a token: send 'Authorization: Bearer <token>' (lcl pull --token-file F)"
          : "The bearer token is wrong: use the token in the server's --token-file");
    }
  }

  /**
   * Splits the raw path and percent-decodes each segment on its own, so that an encoded slash,
   * dot-dot or NUL is a bad segment rather than a path step.
   */
  static List<String> segments(String rawPath) throws HttpError {
    List<String> out = new ArrayList<>();
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return out;
    }
    String[] parts = rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1);
    for (String raw : parts) {
      String s = percentDecode(raw);
      if (s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
        throw new HttpError(400, "bad_path", "Path segment '" + raw + "' is not allowed: no '.', '..', slashes or NUL in checkpoint ids and file names");
      }
      out.add(s);
    }
    if (out.size() > 1 && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1); // tolerate one trailing slash
    }
    return out;
  }

  private static String percentDecode(String raw) throws HttpError {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
          throw new HttpError(400, "bad_path", "Path segment '" + raw + "' has a malformed percent escape");
        }
        bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private Manifest published(String idOrLatest) throws HttpError {
    Optional<Manifest> m = idOrLatest.equals("latest") ? store.latest() : store.find(idOrLatest);
    if (m.isEmpty()) {
      List<String> ids = store.list().stream().map(Manifest::id).toList();
      throw new HttpError(404, "checkpoint_not_found", idOrLatest.equals("latest")
          ? "No checkpoint has been published yet in this store; wait for the training sink to publish one"
          : "No published checkpoint '" + idOrLatest + "' (it may have been retired by retention); published: " + ids);
    }
    return m.get();
  }

  private ObjectNode listing() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    store.latestId().ifPresent(id -> body.put("latest", id));
    ArrayNode items = body.putArray("checkpoints");
    for (Manifest m : store.list()) {
      ObjectNode o = items.addObject();
      o.put("id", m.id());
      o.put("step", m.step());
      if (m.parent() != null) {
        o.put("parent", m.parent());
      }
      o.put("createdAt", String.valueOf(m.createdAt()));
      o.put("publishedAt", String.valueOf(m.publishedAt()));
      o.put("samplesSeen", m.samplesSeen());
      o.put("tokensSeen", m.tokensSeen());
      o.put("imagesSeen", m.imagesSeen());
      o.set("loss", Json.MAPPER.valueToTree(m.loss()));
      o.put("bytes", m.totalBytes());
      o.put("files", m.files().size());
      o.put("manifest", "/v1/checkpoints/" + m.id());
    }
    return body;
  }

  // ---------------------------------------------------------------- files

  private void serveFile(HttpExchange ex, Manifest m, String name, boolean head) throws HttpError, IOException {
    Optional<FileEntry> entry = SnapshotStore.isValidFileName(name) ? m.file(name) : Optional.empty();
    if (entry.isEmpty()) {
      throw new HttpError(404, "file_not_found", "File '" + name + "' is not listed in the manifest of " + m.id()
          + "; listed: " + m.files().stream().map(FileEntry::name).toList());
    }
    Path dir = store.root().resolve(m.id());
    Path file = dir.resolve(entry.get().name());
    if (!file.normalize().getParent().equals(dir)) {
      throw new HttpError(404, "file_not_found", "File '" + name + "' is outside " + m.id());
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new HttpError(404, "file_not_found", "File '" + name + "' of " + m.id() + " is gone (the snapshot was retired meanwhile); fetch /v1/checkpoints/latest again");
    }
    if (!attrs.isRegularFile()) {
      LOG.warn("Refusing to serve {}: not a regular file (a symlink or folder inside the store)", file);
      throw new HttpError(403, "not_a_regular_file", "File '" + name + "' of " + m.id() + " is not a regular file in the store; it is never served");
    }
    String etag = "\"" + entry.get().sha256() + "\"";
    Set<OpenOption> open = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    try (SeekableByteChannel ch = Files.newByteChannel(file, open)) {
      long size = ch.size();
      Headers h = ex.getResponseHeaders();
      h.set("ETag", etag);
      h.set("Accept-Ranges", "bytes");
      h.set("X-Checkpoint-Id", m.id());
      h.set("X-Content-Sha256", entry.get().sha256());
      h.set("Cache-Control", "public, max-age=31536000, immutable");
      String inm = ex.getRequestHeaders().getFirst("If-None-Match");
      if (inm != null && (inm.equals(etag) || inm.equals("*"))) {
        ex.sendResponseHeaders(304, -1);
        return;
      }
      long start = 0;
      long end = size - 1;
      int status = 200;
      String range = ex.getRequestHeaders().getFirst("Range");
      String ifRange = ex.getRequestHeaders().getFirst("If-Range");
      if (range != null && (ifRange == null || ifRange.equals(etag))) {
        Matcher r = RANGE.matcher(range.trim());
        // Multiple ranges are legal HTTP but no client of ours sends them: answer with the whole file.
        if (r.matches() && !(r.group(1).isEmpty() && r.group(2).isEmpty())) {
          if (r.group(1).isEmpty()) {
            long suffix = Long.parseLong(r.group(2));
            start = Math.max(0, size - suffix);
          } else {
            start = Long.parseLong(r.group(1));
            if (!r.group(2).isEmpty()) {
              end = Math.min(end, Long.parseLong(r.group(2)));
            }
          }
          if (start >= size || start > end) {
            h.set("Content-Range", "bytes */" + size);
            throw new HttpError(416, "range_not_satisfiable", "Range '" + range + "' is outside " + name + " (" + size + " bytes)");
          }
          status = 206;
          h.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        } else if (!range.contains(",")) {
          throw new HttpError(416, "range_not_satisfiable", "Range '" + range + "' is malformed: use bytes=START-[END] or bytes=-SUFFIX");
        }
      }
      long length = end - start + 1;
      h.set("Content-Type", "application/octet-stream");
      if (head) {
        h.set("Content-Length", Long.toString(length));
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, length == 0 ? -1 : length);
      ch.position(start);
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      long left = length;
      long lastTouch = System.nanoTime();
      try (OutputStream out = ex.getResponseBody()) {
        while (left > 0) {
          buf.clear().limit((int) Math.min(CHUNK, left));
          int n = ch.read(buf);
          if (n < 0) {
            throw new IOException(file + " shrank while it was sent");
          }
          out.write(buf.array(), 0, n);
          left -= n;
          if (System.nanoTime() - lastTouch > TimeUnit.SECONDS.toNanos(10)) {
            store.touchLease(m.id(), leaseOwner); // a long download keeps its snapshot leased
            lastTouch = System.nanoTime();
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- responses

  private static void sendJson(HttpExchange ex, int status, Object body, boolean head) throws IOException {
    sendBytes(ex, status, "application/json", Json.MAPPER.writeValueAsBytes(body), head);
  }

  private static void sendBytes(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (head) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendError(HttpExchange ex, int status, String code, String message) throws IOException {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("status", status);
    body.put("error", code);
    body.put("message", message);
    ex.getResponseHeaders().remove("ETag");
    ex.getResponseHeaders().remove("Content-Length");
    sendJson(ex, status, body, ex.getRequestMethod().equals("HEAD"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
