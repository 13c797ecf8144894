package io.lclstream.connectors.push;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.LocalImages;
import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.kafka.ProducerSettings;
import io.lclstream.connectors.kafka.RejectedRecord;
import io.lclstream.connectors.kafka.Topics;
import io.lclstream.connectors.read.Format;
import io.lclstream.connectors.read.PageReader;
import io.lclstream.connectors.read.PageReaders;
import io.lclstream.connectors.read.ReadOptions;
import io.lclstream.connectors.read.ReadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Reads inputs, converts and validates their pages and produces them to Kafka (or, in a dry run,
 * only counts them). Used by {@code bin/lcl push} and by {@code bin/lcl local}. A bad record is
 * counted by reason (and sent to the rejected topic); the first send failure of the broker stops
 * the push with a one-line {@link PushException}.
 */
public final class Pusher {
  private final PushOptions options;
  private final DocumentJson json;
  private final ReadOptions readOptions;
  private final AtomicLong pages = new AtomicLong();
  private final AtomicLong images = new AtomicLong();
  private final AtomicLong imagesInline = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private long started;
  /** Valid pages handed to the producer (or counted, in a dry run); the --limit applies to these. */
  private long accepted;

  private Pusher(PushOptions options) {
    this.options = options;
    this.json = DocumentJson.withMaxBytes(options.maxDocumentBytes());
    this.readOptions = new ReadOptions(json,
        options.imagesDir() == null ? LocalImages.none() : LocalImages.in(options.imagesDir()));
  }

  /** Pushes every input in order and returns the counts; throws {@link PushException} when it cannot go on. */
  public static PushSummary push(List<Path> inputs, PushOptions options) {
    return new Pusher(options).run(inputs);
  }

  private PushSummary run(List<Path> inputs) {
    started = System.nanoTime();
    if (inputs.isEmpty()) {
      throw new PushException("no INPUT given; pass WARC, HTML folder, MMC4/OBELICS/JSON lines files");
    }
    Map<Path, Format> formats = checkInputs(inputs);
    if (options.dryRun()) {
      for (Path input : inputs) {
        if (!readInput(input, formats.get(input), null)) {
          break;
        }
      }
      return summary();
    }
    ensureTopics();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
      for (Path input : inputs) {
        if (!readInput(input, formats.get(input), producer)) {
          break;
        }
      }
      producer.flush();
      failIfBrokerFailed();
    } catch (KafkaException e) {
      throw new PushException("Kafka at " + options.bootstrap() + " failed: " + rootMessage(e)
          + "; check the broker and retry", e);
    }
    return summary();
  }

  /** Fails before anything is sent when an input is missing, unreadable or of an unknown format. */
  private Map<Path, Format> checkInputs(List<Path> inputs) {
    Map<Path, Format> formats = new LinkedHashMap<>();
    for (Path input : inputs) {
      if (!Files.exists(input)) {
        throw new PushException("input " + input + " does not exist; check the path");
      }
      if (!Files.isReadable(input)) {
        throw new PushException("input " + input + " is not readable; check its permissions");
      }
      Format f = options.format();
      if (Files.isDirectory(input) && f != Format.AUTO && f != Format.HTML) {
        throw new PushException("input " + input + " is a folder, which only --format html (or auto) reads;"
            + " pass the files inside it instead");
      }
      if (f == Format.AUTO) {
        try {
          f = Format.detect(input);
        } catch (IllegalArgumentException e) {
          throw new PushException(e.getMessage(), e);
        } catch (IOException e) {
          throw new PushException("cannot read " + input + ": " + e.getMessage() + "; check the file", e);
        }
      }
      formats.put(input, f);
    }
    return formats;
  }

  private void ensureTopics() {
    requireListener();
    Map<String, Object> conf = new HashMap<>();
    conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(conf)) {
      Topics.ensure(admin, new Topics.Settings(options.topic(), options.rejectedTopic(), options.partitions(),
          (short) Topics.BROKER_DEFAULT, options.maxDocumentBytes()));
    } catch (RuntimeException e) {
      throw new PushException("cannot reach Kafka at " + options.bootstrap() + " (" + rootMessage(e)
          + "); check --bootstrap and that the broker is running, or use --dry-run", e);
    }
  }

  /** Fails fast when nothing listens at any bootstrap address, instead of waiting out Kafka's timeouts. */
  private void requireListener() {
    StringBuilder tried = new StringBuilder();
    for (String hostPort : options.bootstrap().split(",")) {
      int colon = hostPort.lastIndexOf(':');
      String host = hostPort.substring(0, colon);
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 3_000);
        return;
      } catch (IOException e) {
        tried.append(tried.length() == 0 ? "" : ", ").append(hostPort).append(": ").append(e.getMessage());
      }
    }
    throw new PushException("cannot reach Kafka at " + options.bootstrap() + " (" + tried
        + "); check --bootstrap and that the broker is running, or use --dry-run");
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> conf = ProducerSettings.forDocuments(options.bootstrap(), options.maxDocumentBytes());
    conf.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    conf.put(ProducerConfig.CLIENT_ID_CONFIG, "lcl-push");
    return conf;
  }

  /** Reads one input; false once the page limit is reached. */
  private boolean readInput(Path input, Format format, KafkaProducer<byte[], byte[]> producer) {
    options.listener().inputStarted(input);
    try (PageReader reader = PageReaders.open(input, format, readOptions)) {
      while (reader.hasNext()) {
        if (options.hasLimit() && accepted >= options.limit()) {
          return false;
        }
        ReadResult r = reader.next();
        if (r instanceof ReadResult.Page p) {
          send(p, producer);
        } else if (r instanceof ReadResult.Rejected rej) {
          reject(rej.rejection(), rej.original(), rej.location(), producer);
        }
        failIfBrokerFailed();
        options.listener().progress(summary());
      }
    } catch (IOException | UncheckedIOException e) {
      throw new PushException("cannot read " + input + ": " + rootMessage(e) + "; check the file", e);
    } catch (IllegalArgumentException e) {
      throw new PushException(e.getMessage(), e);
    }
    return !(options.hasLimit() && accepted >= options.limit());
  }

  private void send(ReadResult.Page page, KafkaProducer<byte[], byte[]> producer) {
    Document doc = page.document();
    byte[] value = json.toJson(doc);
    Optional<Rejection> tooLarge = json.checkSize(value.length);
    if (tooLarge.isPresent()) {
      reject(tooLarge.get(), value, page.location(), producer);
      return;
    }
    accepted++;
    long docImages = doc.imageCount();
    long docInline = doc.inlineImageCount();
    if (producer == null) {
      count(docImages, docInline, value.length);
      return;
    }
    producer.send(new ProducerRecord<>(options.topic(), doc.id().getBytes(StandardCharsets.UTF_8), value),
        (meta, error) -> {
          if (error == null) {
            count(docImages, docInline, value.length);
          } else if (error instanceof RecordTooLargeException) {
            // The broker's limit is below ours (a topic we could not raise): the page is rejected, the push goes on.
            rejected.computeIfAbsent(Rejection.DOC_TOO_LARGE, k -> new LongAdder()).increment();
          } else {
            firstFailure.compareAndSet(null, new IllegalStateException("Kafka refused page " + doc.id()
                + " from " + page.location() + ": " + error.getMessage(), error));
          }
        });
  }

  private void count(long docImages, long docInline, long size) {
    pages.incrementAndGet();
    images.addAndGet(docImages);
    imagesInline.addAndGet(docInline);
    bytes.addAndGet(size);
  }

  private void reject(Rejection why, byte[] original, String location, KafkaProducer<byte[], byte[]> producer) {
    rejected.computeIfAbsent(why.reason(), k -> new LongAdder()).increment();
    if (producer != null && options.sendRejected()) {
      RejectedRecord record = RejectedRecord.fromFile(why, original, location, Instant.now());
      producer.send(new ProducerRecord<>(options.rejectedTopic(), null, record.toJson()), (meta, error) -> {
        if (error != null && !(error instanceof RecordTooLargeException)) {
          firstFailure.compareAndSet(null, new IllegalStateException("Kafka refused a rejected record for "
              + location + ": " + error.getMessage(), error));
        }
      });
    }
  }

  private void failIfBrokerFailed() {
    Exception e = firstFailure.get();
    if (e != null) {
      throw new PushException(e.getMessage() + "; check the broker (" + options.bootstrap() + ") and retry", e);
    }
  }

  private PushSummary summary() {
    Map<String, Long> r = new HashMap<>();
    rejected.forEach((k, v) -> r.put(k, v.sum()));
    return new PushSummary(pages.get(), images.get(), imagesInline.get(), bytes.get(), r, options.dryRun(),
        Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
