package io.lclstream.flink.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {
    private static final byte[] PNG = TestImages.encode(TestImages.halves(160, 160), "png");

    private HttpServer server;
    private ExecutorService serverThreads;
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private String base;

    private final ImageFetcher.Config loopbackAllowed = ImageFetcher.Config.defaults()
            .withAddressPolicy(new AddressPolicy(true, false, false))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
            .withRetries(2, Duration.ofMillis(10));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newFixedThreadPool(12);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/ok.png" -> respond(exchange, 200, "image/png; charset=binary", PNG);
                case "/missing.png" -> respond(exchange, 404, "text/plain", "nope".getBytes());
                case "/flaky.png" -> {
                    if (flakyCalls.incrementAndGet() == 1) {
                        respond(exchange, 503, "text/plain", "busy".getBytes());
                    } else {
                        respond(exchange, 200, "image/png", PNG);
                    }
                }
                case "/always-500.png" -> respond(exchange, 500, "text/plain", "broken".getBytes());
                case "/slow.png" -> {
                    try {
                        releaseSlow.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    respond(exchange, 200, "image/png", PNG);
                }
                case "/huge-streamed.bin" -> {
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
                    try (OutputStream out = exchange.getResponseBody()) {
                        byte[] chunk = new byte[16 * 1024];
                        for (int i = 0; i < 64; i++) {
                            out.write(chunk);
                        }
                    } catch (IOException expected) {
                        // the fetcher hangs up once over its cap
                    }
                }
                case "/huge-declared.bin" -> respond(exchange, 200, "image/png", new byte[300 * 1024]);
                case "/to-ok" -> redirect(exchange, "/ok.png");
                case "/to-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
                case "/to-file" -> redirect(exchange, "file:///etc/passwd");
                case "/loop" -> redirect(exchange, "/loop");
                case "/gate.png" -> {
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inFlight.decrementAndGet();
                    respond(exchange, 200, "image/png", PNG);
                }
                default -> respond(exchange, 404, "text/plain", new byte[0]);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        releaseSlow.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static FetchResult get(ImageFetcher fetcher, String url) {
        return fetcher.fetch(url).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static FetchResult.Failed failed(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        return (FetchResult.Failed) result;
    }

    @Test
    void fetchesBytesAndMimeWithoutParameters() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed)) {
            FetchResult result = get(fetcher, base + "/ok.png");
            assertThat(result).isInstanceOf(FetchResult.Fetched.class);
            assertThat(((FetchResult.Fetched) result).bytes()).isEqualTo(PNG);
            assertThat(((FetchResult.Fetched) result).mime()).isEqualTo("image/png");
        }
    }

    @Test
    void refusesLoopbackByDefaultWithoutSendingARequest() {
        try (ImageFetcher fetcher = new ImageFetcher(ImageFetcher.Config.defaults())) {
            FetchResult.Failed f = failed(get(fetcher, base + "/ok.png"));
            assertThat(f.reason()).isEqualTo(ImageReasons.FETCH_ADDRESS_REFUSED);
            assertThat(f.detail()).contains("127.0.0.1 is a loopback address");
            assertThat(failed(get(fetcher, "http://[::1]:" + server.getAddress().getPort() + "/ok.png")).reason())
                    .isEqualTo(ImageReasons.FETCH_ADDRESS_REFUSED);
            assertThat(failed(get(fetcher, "http://localhost:" + server.getAddress().getPort() + "/ok.png")).reason())
                    .isEqualTo(ImageReasons.FETCH_ADDRESS_REFUSED);
        }
        assertThat(requests.get()).isZero();
    }

    @Test
    void reportsHttpStatusAsReason() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed)) {
            assertThat(failed(get(fetcher, base + "/missing.png")).reason()).isEqualTo("fetch.http_404");
        }
        assertThat(requests.get()).as("4xx is not retried").isEqualTo(1);
    }

    @Test
    void retriesAServerErrorThenSucceeds() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed)) {
            assertThat(get(fetcher, base + "/flaky.png")).isInstanceOf(FetchResult.Fetched.class);
        }
        assertThat(flakyCalls.get()).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed)) {
            assertThat(failed(get(fetcher, base + "/always-500.png")).reason()).isEqualTo("fetch.http_500");
        }
        assertThat(requests.get()).isEqualTo(3); // 1 + 2 retries
    }

    @Test
    void reportsATimeoutForASlowServer() {
        ImageFetcher.Config quick = loopbackAllowed.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .withRetries(0, Duration.ZERO);
        try (ImageFetcher fetcher = new ImageFetcher(quick)) {
            FetchResult.Failed f = failed(get(fetcher, base + "/slow.png"));
            assertThat(f.reason()).isEqualTo(ImageReasons.FETCH_TIMEOUT);
            assertThat(f.detail()).contains("image.fetch.request-timeout=PT0.3S");
        }
    }

    @Test
    void abortsABodyOverTheCapWhileStreaming() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed.withMaxBytes(100 * 1024))) {
            FetchResult.Failed streamed = failed(get(fetcher, base + "/huge-streamed.bin"));
            assertThat(streamed.reason()).isEqualTo(ImageReasons.TOO_LARGE);
            assertThat(streamed.detail()).contains("while streaming");
            FetchResult.Failed declared = failed(get(fetcher, base + "/huge-declared.bin"));
            assertThat(declared.reason()).isEqualTo(ImageReasons.TOO_LARGE);
            assertThat(declared.detail()).contains("Content-Length 307200");
        }
    }

    @Test
    void followsARedirectToAnAllowedAddress() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed)) {
            assertThat(get(fetcher, base + "/to-ok")).isInstanceOf(FetchResult.Fetched.class);
        }
    }

    @Test
    void refusesARedirectToARefusedAddressOrScheme() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed)) {
            FetchResult.Failed metadata = failed(get(fetcher, base + "/to-metadata"));
            assertThat(metadata.reason()).isEqualTo(ImageReasons.FETCH_ADDRESS_REFUSED);
            assertThat(metadata.detail()).contains("169.254.169.254 is a link-local address");
            assertThat(failed(get(fetcher, base + "/to-file")).reason()).isEqualTo(ImageReasons.FETCH_SCHEME_REFUSED);
            assertThat(failed(get(fetcher, base + "/loop")).reason()).isEqualTo(ImageReasons.FETCH_TOO_MANY_REDIRECTS);
        }
    }

    @Test
    void keepsAtMostMaxConcurrencyFetchesInFlight() {
        List<CompletableFuture<FetchResult>> all = new ArrayList<>();
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed.withMaxConcurrency(2))) {
            for (int i = 0; i < 8; i++) {
                all.add(fetcher.fetch(base + "/gate.png"));
            }
            for (CompletableFuture<FetchResult> f : all) {
                assertThat(f.orTimeout(30, TimeUnit.SECONDS).join()).isInstanceOf(FetchResult.Fetched.class);
            }
        }
        assertThat(maxInFlight.get()).isBetween(1, 2);
    }

    @Test
    void refusesUnknownSchemesAndBadUrls() {
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed)) {
            assertThat(failed(get(fetcher, "ftp://example.org/a.png")).reason())
                    .isEqualTo(ImageReasons.FETCH_SCHEME_REFUSED);
            assertThat(failed(get(fetcher, "http://exa mple.org/a.png")).reason()).isEqualTo(ImageReasons.FETCH_BAD_URL);
        }
    }

    @Test
    void readsFileUrlsOnlyUnderTheConfiguredRoots(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("images"));
        Path outside = Files.createDirectories(dir.resolve("secret"));
        Files.write(root.resolve("a.png"), PNG);
        Files.write(outside.resolve("b.png"), PNG);
        Files.createSymbolicLink(root.resolve("escape.png"), outside.resolve("b.png"));
        try (ImageFetcher fetcher = new ImageFetcher(loopbackAllowed.withFileRoots(List.of(root)))) {
            FetchResult inside = get(fetcher, root.resolve("a.png").toUri().toString());
            assertThat(inside).isInstanceOf(FetchResult.Fetched.class);
            assertThat(((FetchResult.Fetched) inside).bytes()).isEqualTo(PNG);
            assertThat(((FetchResult.Fetched) inside).mime()).isEqualTo("image/png");

            assertThat(failed(get(fetcher, outside.resolve("b.png").toUri().toString())).reason())
                    .isEqualTo(ImageReasons.FETCH_FILE_REFUSED);
            assertThat(failed(get(fetcher, root.resolve("escape.png").toUri().toString())).reason())
                    .as("a symlink inside the root that points outside").isEqualTo(ImageReasons.FETCH_FILE_REFUSED);
            assertThat(failed(get(fetcher, root.toUri() + "../secret/b.png")).reason())
                    .isEqualTo(ImageReasons.FETCH_FILE_REFUSED);
            assertThat(failed(get(fetcher, root.resolve("none.png").toUri().toString())).reason())
                    .isEqualTo(ImageReasons.FETCH_FILE_NOT_FOUND);
        }
        try (ImageFetcher noRoots = new ImageFetcher(loopbackAllowed)) {
            assertThat(failed(get(noRoots, root.resolve("a.png").toUri().toString())).detail())
                    .contains("image.fetch.file-roots is empty");
        }
    }
}
