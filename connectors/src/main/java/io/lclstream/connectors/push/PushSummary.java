package io.lclstream.connectors.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a push did: pages sent (in a dry run: that would be sent), their image segments (inline or
 * by reference), the bytes of their JSON, and rejected inputs counted by reason.
 */
public record PushSummary(long pages, long images, long imagesInline, long bytes,
    Map<String, Long> rejected, boolean dryRun, double seconds) {

  public PushSummary {
    rejected = Map.copyOf(rejected);
  }

  public long imagesByReference() {
    return images - imagesInline;
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One JSON object: {@code pages, images, imagesInline, imagesByReference, bytes, rejected{reason: n}, dryRun, seconds}. */
  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("pages", pages);
    o.put("images", images);
    o.put("imagesInline", imagesInline);
    o.put("imagesByReference", imagesByReference());
    o.put("bytes", bytes);
    ObjectNode r = o.putObject("rejected");
    new TreeMap<>(rejected).forEach(r::put);
    o.put("dryRun", dryRun);
    o.put("seconds", Math.round(seconds * 100) / 100.0);
    return o.toString();
  }

  /** A few human lines for the terminal. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(dryRun ? "pages converted (dry run, nothing sent): " : "pages sent: ").append(pages)
        .append(String.format(" (%.1f MB of JSON in %.1f s)%n", bytes / 1e6, seconds));
    sb.append("images: ").append(images).append(" (").append(imagesInline).append(" inline, ")
        .append(imagesByReference()).append(" by reference)").append(System.lineSeparator());
    sb.append("rejected: ").append(rejectedTotal());
    if (!rejected.isEmpty()) {
      sb.append(" (").append(new TreeMap<>(rejected).entrySet().stream()
          .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "))).append(')');
    }
    return sb.toString();
  }
}
