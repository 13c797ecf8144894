package io.lclstream.connectors.push;

import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.kafka.Topics;
import io.lclstream.connectors.read.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Validated settings of one push. Build with {@link #builder()}: {@code setBootstrap} is required
 * unless {@code optDryRun(true)}; everything else has a default.
 */
public record PushOptions(
    String bootstrap,
    String topic,
    String rejectedTopic,
    Format format,
    Path imagesDir,
    long limit,
    boolean dryRun,
    int maxDocumentBytes,
    int partitions,
    boolean sendRejected,
    PushListener listener) {

  public static Builder builder() {
    return new Builder();
  }

  public boolean hasLimit() {
    return limit > 0;
  }

  /** Builder; {@code set*} for required values, {@code opt*} for optional ones. */
  public static final class Builder {
    private String bootstrap;
    private String topic = Topics.PAGES;
    private String rejectedTopic = Topics.PAGES_REJECTED;
    private Format format = Format.AUTO;
    private Path imagesDir;
    private long limit;
    private boolean dryRun;
    private int maxDocumentBytes = DocumentJson.DEFAULT_MAX_BYTES;
    private int partitions = Topics.BROKER_DEFAULT;
    private boolean sendRejected = true;
    private PushListener listener = PushListener.NONE;

    private Builder() {}

    public Builder setBootstrap(String hostPort) {
      this.bootstrap = hostPort;
      return this;
    }

    public Builder optTopic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder optRejectedTopic(String topic) {
      this.rejectedTopic = topic;
      return this;
    }

    public Builder optFormat(Format format) {
      this.format = format;
      return this;
    }

    public Builder optImagesDir(Path dir) {
      this.imagesDir = dir;
      return this;
    }

    /** Stop after this many pages (0: no limit). */
    public Builder optLimit(long limit) {
      this.limit = limit;
      return this;
    }

    public Builder optDryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder optMaxDocumentBytes(int bytes) {
      this.maxDocumentBytes = bytes;
      return this;
    }

    /** Partitions of the pages topic when push creates it (default: the broker's {@code num.partitions}). */
    public Builder optPartitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /** Whether rejected inputs also go to the rejected topic (default true). */
    public Builder optSendRejected(boolean send) {
      this.sendRejected = send;
      return this;
    }

    public Builder optListener(PushListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public PushOptions build() {
      if (!dryRun && (bootstrap == null || bootstrap.isBlank())) {
        throw new IllegalArgumentException("--bootstrap HOST:PORT is required to send pages;"
            + " give the broker's address, or pass --dry-run to only convert and validate");
      }
      if (bootstrap != null && !bootstrap.isBlank() && !bootstrap.matches("[^\\s,:]+:\\d+(,[^\\s,:]+:\\d+)*")) {
        throw new IllegalArgumentException("--bootstrap '" + bootstrap + "' is not HOST:PORT[,HOST:PORT…];"
            + " write it like localhost:9092");
      }
      if (topic == null || topic.isBlank() || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("--topic '" + topic + "' is not a valid Kafka topic name"
            + " (letters, digits, '.', '_', '-'); the default is " + Topics.PAGES);
      }
      if (limit < 0) {
        throw new IllegalArgumentException("--limit " + limit + " must be 0 (no limit) or more");
      }
      if (maxDocumentBytes < 1024) {
        throw new IllegalArgumentException("--max-bytes " + maxDocumentBytes + " must be at least 1024;"
            + " the default is " + DocumentJson.DEFAULT_MAX_BYTES + " (16 MiB)");
      }
      if (partitions < 1 && partitions != Topics.BROKER_DEFAULT) {
        throw new IllegalArgumentException("--partitions " + partitions + " must be at least 1");
      }
      if (imagesDir != null && !Files.isDirectory(imagesDir)) {
        throw new IllegalArgumentException("--images " + imagesDir + " is not a folder;"
            + " pass the folder that holds the images the rows name");
      }
      return new PushOptions(bootstrap, topic, rejectedTopic, format, imagesDir, limit, dryRun,
          maxDocumentBytes, partitions, sendRejected, listener);
    }
  }
}
