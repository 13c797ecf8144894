package io.lclstream.connectors.kafka;

import io.lclstream.connectors.doc.DocumentJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics of lcl-stream ({@code pages}, {@code pages.rejected}) and their creation with a
 * {@code max.message.bytes} that matches the producer's document cap.
 */
public final class Topics {
  private static final Logger LOG = LoggerFactory.getLogger(Topics.class);
  /** Valid documents, key = document id, value = the JSON of DESIGN §3. */
  public static final String PAGES = "pages";
  /** Inputs that failed to parse or validate, as {@link RejectedRecord} JSON. */
  public static final String PAGES_REJECTED = "pages.rejected";
  /** Room for the record key, headers and batch framing above the document cap. */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  private Topics() {}

  /** The {@code max.message.bytes} / {@code max.request.size} that fits a document of the cap. */
  public static int maxMessageBytesFor(int maxDocumentBytes) {
    return maxDocumentBytes + RECORD_OVERHEAD_BYTES;
  }

  /** Partitions or replication factor left to the broker's defaults ({@code num.partitions}, {@code default.replication.factor}). */
  public static final int BROKER_DEFAULT = -1;

  /**
   * How to create the topics; {@link #defaults()} leaves partitions and replication to the
   * broker ({@link #BROKER_DEFAULT}), so the same settings suit one broker and a cluster.
   */
  public record Settings(String pagesTopic, String rejectedTopic, int partitions,
      short replicationFactor, int maxDocumentBytes) {
    public Settings {
      if (pagesTopic == null || pagesTopic.isBlank()) {
        throw new IllegalArgumentException("topic name is blank; use '" + PAGES + "' or another name");
      }
      if (rejectedTopic == null || rejectedTopic.isBlank()) {
        throw new IllegalArgumentException("rejected topic name is blank; use '" + PAGES_REJECTED + "'");
      }
      if (partitions < 1 && partitions != BROKER_DEFAULT) {
        throw new IllegalArgumentException("partitions=" + partitions + " must be at least 1 (or -1: the broker's default)");
      }
      if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT) {
        throw new IllegalArgumentException("replicationFactor=" + replicationFactor
            + " must be at least 1 (or -1: the broker's default)");
      }
      if (maxDocumentBytes < 1024) {
        throw new IllegalArgumentException("maxDocumentBytes=" + maxDocumentBytes + " must be at least 1024");
      }
    }

    public static Settings defaults() {
      return new Settings(PAGES, PAGES_REJECTED, BROKER_DEFAULT, (short) BROKER_DEFAULT, DocumentJson.DEFAULT_MAX_BYTES);
    }

    public Settings withPagesTopic(String topic) {
      return new Settings(topic, rejectedTopic, partitions, replicationFactor, maxDocumentBytes);
    }

    public Settings withPartitions(int n) {
      return new Settings(pagesTopic, rejectedTopic, n, replicationFactor, maxDocumentBytes);
    }

    public Settings withMaxDocumentBytes(int bytes) {
      return new Settings(pagesTopic, rejectedTopic, partitions, replicationFactor, bytes);
    }

    public int maxMessageBytes() {
      return maxMessageBytesFor(maxDocumentBytes);
    }
  }

  /** Creates both topics with {@link Settings#defaults()} when missing. */
  public static void ensure(Admin admin) {
    ensure(admin, Settings.defaults());
  }

  /**
   * Creates the pages and rejected topics when missing. An existing topic whose {@code
   * max.message.bytes} is below what the cap needs is raised, with a warning naming old and new
   * values: otherwise every large page would fail at the broker.
   */
  public static void ensure(Admin admin, Settings s) {
    String maxBytes = Integer.toString(s.maxMessageBytes());
    List<NewTopic> wanted = List.of(
        new NewTopic(s.pagesTopic(), orDefault(s.partitions()), orDefault(s.replicationFactor()))
            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)),
        new NewTopic(s.rejectedTopic(), Optional.of(1), orDefault(s.replicationFactor()))
            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      List<String> present = new ArrayList<>();
      for (NewTopic t : wanted) {
        if (existing.contains(t.name())) {
          present.add(t.name());
        } else {
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get();
          LOG.info("created topics {} with max.message.bytes={}", names(missing), maxBytes);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          // Someone else created it between list and create: check it like an existing one.
          missing.forEach(t -> present.add(t.name()));
        }
      }
      raiseLimits(admin, present, s.maxMessageBytes());
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + s.pagesTopic() + " and " + s.rejectedTopic()
          + ": " + e.getCause().getMessage() + "; check that the broker is reachable and allows topic creation", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static void raiseLimits(Admin admin, Collection<String> topics, int needed)
      throws ExecutionException, InterruptedException {
    if (topics.isEmpty()) {
      return;
    }
    List<ConfigResource> resources = topics.stream()
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    for (var e : configs.entrySet()) {
      ConfigEntry entry = e.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      long current = entry == null || entry.value() == null ? 0 : Long.parseLong(entry.value());
      if (current < needed) {
        LOG.warn("topic {}: raising max.message.bytes from {} to {} so that documents up to the cap fit",
            e.getKey().name(), current, needed);
        admin.incrementalAlterConfigs(Map.of(e.getKey(), List.of(new AlterConfigOp(
            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(needed)),
            AlterConfigOp.OpType.SET)))).all().get();
      }
    }
  }

  private static Optional<Integer> orDefault(int partitions) {
    return partitions == BROKER_DEFAULT ? Optional.empty() : Optional.of(partitions);
  }

  private static Optional<Short> orDefault(short replication) {
    return replication == BROKER_DEFAULT ? Optional.empty() : Optional.of(replication);
  }

  private static List<String> names(List<NewTopic> topics) {
    return topics.stream().map(NewTopic::name).toList();
  }
}
