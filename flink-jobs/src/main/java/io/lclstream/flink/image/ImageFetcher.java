package io.lclstream.flink.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Owns fetching image references: {@code http(s)} through {@link HttpClient} with bounded concurrency, timeouts,
 * retries with exponential backoff on 5xx and I/O errors, a byte cap enforced while streaming, redirects
 * followed by hand with the {@link AddressPolicy} applied to every hop; {@code file:} only under configured roots.
 * Every call completes normally with a {@link FetchResult}; it never completes exceptionally.
 *
 * <p>The address check resolves the host before the request and HttpClient resolves it again to connect, so a
 * DNS server that answers differently within that window (DNS rebinding) is not stopped by this class; deploy
 * TaskManagers behind an egress firewall where that matters.
 */
public final class ImageFetcher implements AutoCloseable {

    /**
     * @param connectTimeout  TCP/TLS connect limit
     * @param requestTimeout  limit for one attempt, headers and body together
     * @param maxRetries      extra attempts after a 5xx, timeout or I/O error (0 = none)
     * @param retryBackoff    wait before the first retry, doubled for each further one
     * @param maxBytes        largest body accepted; larger ones are aborted while streaming
     * @param maxConcurrency  fetches in flight at once; more wait in a queue
     * @param maxRedirects    redirects followed per fetch
     * @param addressPolicy   which addresses may be contacted
     * @param fileRoots       folders {@code file:} URLs may read under (empty: {@code file:} refused)
     * @param userAgent       User-Agent header
     */
    public record Config(Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration retryBackoff,
            long maxBytes, int maxConcurrency, int maxRedirects, AddressPolicy addressPolicy, List<Path> fileRoots,
            String userAgent) {
        public Config {
            requirePositive("image.fetch.connect-timeout", connectTimeout);
            requirePositive("image.fetch.request-timeout", requestTimeout);
            Objects.requireNonNull(retryBackoff, "image.fetch.retry-backoff");
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException("image.fetch.retry-backoff=" + retryBackoff + " must not be negative");
            }
            requireAtLeast("image.fetch.max-retries", maxRetries, 0, 2);
            requireAtLeast("image.fetch.max-concurrency", maxConcurrency, 1, 64);
            requireAtLeast("image.fetch.max-redirects", maxRedirects, 0, 5);
            if (maxBytes < 1) {
                throw new IllegalArgumentException("image.fetch.max-bytes=" + maxBytes
                        + " must be at least 1; use 20971520 (20 MiB, the default)");
            }
            Objects.requireNonNull(addressPolicy, "addressPolicy");
            fileRoots = List.copyOf(fileRoots);
            Objects.requireNonNull(userAgent, "userAgent");
        }

        /** 5 s connect, 20 s per attempt, 2 retries from 200 ms, 20 MiB, 64 in flight, 5 redirects, public only. */
        public static Config defaults() {
            return new Config(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, Duration.ofMillis(200),
                    20L * 1024 * 1024, 64, 5, AddressPolicy.publicOnly(), List.of(), "lcl-stream-image-fetcher/0.1");
        }

        public Config withAddressPolicy(AddressPolicy policy) {
            return new Config(connectTimeout, requestTimeout, maxRetries, retryBackoff, maxBytes, maxConcurrency,
                    maxRedirects, policy, fileRoots, userAgent);
        }

        public Config withTimeouts(Duration connect, Duration request) {
            return new Config(connect, request, maxRetries, retryBackoff, maxBytes, maxConcurrency, maxRedirects,
                    addressPolicy, fileRoots, userAgent);
        }

        public Config withRetries(int retries, Duration backoff) {
            return new Config(connectTimeout, requestTimeout, retries, backoff, maxBytes, maxConcurrency,
                    maxRedirects, addressPolicy, fileRoots, userAgent);
        }

        public Config withMaxBytes(long bytes) {
            return new Config(connectTimeout, requestTimeout, maxRetries, retryBackoff, bytes, maxConcurrency,
                    maxRedirects, addressPolicy, fileRoots, userAgent);
        }

        public Config withMaxConcurrency(int concurrency) {
            return new Config(connectTimeout, requestTimeout, maxRetries, retryBackoff, maxBytes, concurrency,
                    maxRedirects, addressPolicy, fileRoots, userAgent);
        }

        public Config withFileRoots(List<Path> roots) {
            return new Config(connectTimeout, requestTimeout, maxRetries, retryBackoff, maxBytes, maxConcurrency,
                    maxRedirects, addressPolicy, roots, userAgent);
        }

        private static void requirePositive(String key, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(key + "=" + d + " must be a positive duration");
            }
        }

        private static void requireAtLeast(String key, int value, int min, int usual) {
            if (value < min) {
                throw new IllegalArgumentException(key + "=" + value + " must be at least " + min + "; use " + usual
                        + " (the default)");
            }
        }
    }

    private final Config config;
    private final HttpClient client;
    private final ExecutorService blocking;
    private final Limiter limiter;
    private final List<Path> realRoots;

    public ImageFetcher(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        // DNS look-ups and file reads block; they get their own small pool so HttpClient's threads never wait.
        this.blocking = Executors.newFixedThreadPool(Math.min(config.maxConcurrency(), 16), runnable -> {
            Thread t = new Thread(runnable, "lcl-image-fetch-blocking");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // each hop must pass the address policy
                .build();
        this.limiter = new Limiter(config.maxConcurrency());
        List<Path> roots = new ArrayList<>();
        for (Path root : config.fileRoots()) {
            try {
                roots.add(root.toRealPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("image.fetch.file-roots entry " + root
                        + " cannot be resolved (" + e + "); create it or remove it from the list", e);
            }
        }
        this.realRoots = List.copyOf(roots);
    }

    public Config config() {
        return config;
    }

    /** Fetches {@code url}; the future always completes normally. */
    public CompletableFuture<FetchResult> fetch(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return CompletableFuture.completedFuture(failed(ImageReasons.FETCH_BAD_URL, url, "not a valid URI: " + e));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> limiter.submit(() -> fetchHttp(uri, url, 0));
            case "file" -> limiter.submit(() -> CompletableFuture.supplyAsync(() -> readFile(uri, url), blocking));
            default -> CompletableFuture.completedFuture(failed(ImageReasons.FETCH_SCHEME_REFUSED, url,
                    "scheme '" + scheme + "' is not one of http, https, file"));
        };
    }

    /** Stops the blocking pool; fetches still pending may then complete exceptionally, so close after draining. */
    @Override
    public void close() {
        blocking.shutdownNow();
    }

    // ---- http ----

    /** One hop, with its retries; follows a redirect by calling itself for the next hop. */
    private CompletableFuture<FetchResult> fetchHttp(URI uri, String original, int redirects) {
        return attempt(uri, original, 0).thenCompose(hop -> {
            if (hop.redirect() == null) {
                return CompletableFuture.completedFuture(hop.result());
            }
            if (redirects + 1 > config.maxRedirects()) {
                return CompletableFuture.completedFuture(failed(ImageReasons.FETCH_TOO_MANY_REDIRECTS, original,
                        "more than image.fetch.max-redirects=" + config.maxRedirects() + " redirects, last to "
                                + hop.redirect()));
            }
            String scheme = hop.redirect().getScheme() == null ? "" : hop.redirect().getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return CompletableFuture.completedFuture(failed(ImageReasons.FETCH_SCHEME_REFUSED, original,
                        "redirected to " + hop.redirect() + "; only http and https redirects are followed"));
            }
            return fetchHttp(hop.redirect(), original, redirects + 1);
        });
    }

    private record Hop(FetchResult result, URI redirect, boolean retryable) {
    }

    private CompletableFuture<Hop> attempt(URI uri, String original, int attempt) {
        return CompletableFuture.supplyAsync(() -> checkAddress(uri, original), blocking)
                .thenCompose(refused -> refused.isPresent()
                        ? CompletableFuture.completedFuture(new Hop(refused.get(), null, false))
                        : send(uri, original))
                .thenCompose(hop -> {
                    if (!hop.retryable() || attempt >= config.maxRetries()) {
                        return CompletableFuture.completedFuture(hop);
                    }
                    long delayMs = config.retryBackoff().toMillis() << Math.min(attempt, 16);
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, blocking))
                            .thenCompose(ignored -> attempt(uri, original, attempt + 1));
                });
    }

    private Optional<FetchResult> checkAddress(URI uri, String original) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of(failed(ImageReasons.FETCH_BAD_URL, original, uri + " has no host"));
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of(failed(ImageReasons.FETCH_IO, original, "host " + host + " does not resolve"));
        }
        // Every address must pass: the HttpClient may connect to any of them.
        for (InetAddress address : addresses) {
            Optional<String> refusal = config.addressPolicy().refusal(address);
            if (refusal.isPresent()) {
                return Optional.of(failed(ImageReasons.FETCH_ADDRESS_REFUSED, original,
                        "host " + host + " of " + uri + ": " + refusal.get()));
            }
        }
        return Optional.empty();
    }

    private CompletableFuture<Hop> send(URI uri, String original) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("User-Agent", config.userAgent())
                .header("Accept", "image/*")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, this::bodyHandler);
        return exchange
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        exchange.cancel(true); // abort a body that is still streaming in
                        return fromError(error, uri, original);
                    }
                    return fromResponse(response, uri, original);
                });
    }

    private HttpResponse.BodySubscriber<byte[]> bodyHandler(HttpResponse.ResponseInfo info) {
        if (info.statusCode() / 100 != 2) {
            // Error pages and redirect bodies are not needed; discard them without buffering.
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        return new CappedBody(config.maxBytes(), declared);
    }

    private Hop fromResponse(HttpResponse<byte[]> response, URI uri, String original) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            String mime = response.headers().firstValue("Content-Type")
                    .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                    .filter(v -> !v.isEmpty())
                    .orElse("application/octet-stream");
            return new Hop(new FetchResult.Fetched(response.body(), mime), null, false);
        }
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                return new Hop(failed(ImageReasons.http(status), original, "redirect " + status + " from " + uri
                        + " without a Location header"), null, false);
            }
            try {
                return new Hop(null, uri.resolve(new URI(location.get().trim())), false);
            } catch (URISyntaxException | IllegalArgumentException e) {
                return new Hop(failed(ImageReasons.FETCH_BAD_URL, original, "redirect from " + uri
                        + " to an invalid Location '" + location.get() + "'"), null, false);
            }
        }
        boolean retryable = status / 100 == 5;
        return new Hop(failed(ImageReasons.http(status), original, "HTTP " + status + " from " + uri), null, retryable);
    }

    private Hop fromError(Throwable error, URI uri, String original) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause.getCause() instanceof TooLargeException
                || cause.getCause() instanceof HttpTimeoutException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TooLargeException tooLarge) {
            return new Hop(failed(ImageReasons.TOO_LARGE, original, uri + ": " + tooLarge.getMessage()), null, false);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return new Hop(failed(ImageReasons.FETCH_TIMEOUT, original, uri + " gave no complete response within "
                    + "image.fetch.request-timeout=" + config.requestTimeout()), null, true);
        }
        return new Hop(failed(ImageReasons.FETCH_IO, original, uri + ": " + cause), null, true);
    }

    /** Collects a body up to {@code maxBytes}; cancels the stream as soon as it would exceed it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final long declared;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private long received;

        CappedBody(long maxBytes, long declared) {
            this.maxBytes = maxBytes;
            this.declared = declared;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > maxBytes) {
                s.cancel();
                body.completeExceptionally(new TooLargeException("Content-Length " + declared
                        + " > image.fetch.max-bytes=" + maxBytes));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
                if (received > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLargeException("body exceeded image.fetch.max-bytes="
                            + maxBytes + " while streaming (" + received + " bytes so far)"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return body;
        }
    }

    private static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    // ---- file ----

    private FetchResult readFile(URI uri, String original) {
        if (realRoots.isEmpty()) {
            return failed(ImageReasons.FETCH_FILE_REFUSED, original,
                    "file: URLs are refused because image.fetch.file-roots is empty; list the folders images may be read from");
        }
        Path real;
        try {
            real = Path.of(uri).toRealPath(); // resolves every symlink, so a link cannot lead out of a root
        } catch (NoSuchFileException e) {
            return failed(ImageReasons.FETCH_FILE_NOT_FOUND, original, "no such file " + e.getFile());
        } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return failed(ImageReasons.FETCH_BAD_URL, original, "not a readable local file URL: " + e);
        }
        boolean inside = realRoots.stream().anyMatch(real::startsWith);
        if (!inside) {
            return failed(ImageReasons.FETCH_FILE_REFUSED, original, real + " is outside image.fetch.file-roots="
                    + realRoots);
        }
        try {
            if (!Files.isRegularFile(real)) {
                return failed(ImageReasons.FETCH_FILE_NOT_FOUND, original, real + " is not a regular file");
            }
            long size = Files.size(real);
            if (size > config.maxBytes()) {
                return failed(ImageReasons.TOO_LARGE, original, real + " has " + size
                        + " bytes > image.fetch.max-bytes=" + config.maxBytes());
            }
            byte[] bytes = Files.readAllBytes(real);
            String mime = Optional.ofNullable(Files.probeContentType(real)).orElse(guessMime(real));
            return new FetchResult.Fetched(bytes, mime);
        } catch (IOException e) {
            return failed(ImageReasons.FETCH_IO, original, "reading " + real + ": " + e);
        }
    }

    private static String guessMime(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        for (String ext : new String[] {"png", "gif", "webp", "bmp"}) {
            if (name.endsWith("." + ext)) {
                return "image/" + ext;
            }
        }
        return "application/octet-stream";
    }

    private static FetchResult failed(String reason, String url, String detail) {
        return new FetchResult.Failed(reason, url + ": " + detail);
    }

    /** A semaphore that queues work instead of blocking the caller (the Flink task thread calls {@link #fetch}). */
    private static final class Limiter {
        private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
        private int available;

        Limiter(int permits) {
            this.available = permits;
        }

        <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
            CompletableFuture<T> result = new CompletableFuture<>();
            Runnable start = () -> {
                CompletableFuture<T> running;
                try {
                    running = task.get();
                } catch (RuntimeException e) {
                    running = CompletableFuture.failedFuture(e);
                }
                running.whenComplete((value, error) -> {
                    release();
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            };
            boolean runNow;
            synchronized (this) {
                runNow = available > 0;
                if (runNow) {
                    available--;
                } else {
                    waiting.addLast(start);
                }
            }
            if (runNow) {
                start.run();
            }
            return result;
        }

        private void release() {
            Runnable next;
            synchronized (this) {
                next = waiting.pollFirst();
                if (next == null) {
                    available++;
                }
            }
            if (next != null) {
                next.run();
            }
        }
    }
}
