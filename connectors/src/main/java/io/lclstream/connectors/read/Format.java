package io.lclstream.connectors.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The input formats {@code push} reads, and their detection from a file's content. */
public enum Format {
  AUTO, WARC, HTML, MMC4, OBELICS, JSON;

  private static final int SNIFF_BYTES = 64 * 1024;

  /** The format named on the command line, case-insensitively; an unknown name lists the valid ones. */
  public static Format parse(String name) {
    for (Format f : values()) {
      if (f.name().equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "'; use one of "
        + Arrays.stream(values()).map(Format::cliName).collect(Collectors.joining(", ")));
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format of {@code input} from its content: a folder is HTML; otherwise the first bytes
   * (after gunzip) decide: {@code WARC/} is WARC, {@code <} is HTML, and a JSON object is ours,
   * MMC4 or OBELICS by its field names.
   */
  public static Format detect(Path input) throws IOException {
    if (Files.isDirectory(input)) {
      return HTML;
    }
    byte[] head = Inputs.head(input, SNIFF_BYTES);
    String text = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1);
    String start = text.replace("\u00ef\u00bb\u00bf", "").stripLeading();
    if (start.startsWith("WARC/")) {
      return WARC;
    }
    if (start.startsWith("<")) {
      return HTML;
    }
    if (start.startsWith("{")) {
      Set<String> keys = topLevelKeys(head);
      if (keys.contains("segments")) {
        return JSON;
      }
      if (keys.contains("text_list")) {
        return MMC4;
      }
      if (keys.contains("texts") && keys.contains("images")) {
        return OBELICS;
      }
      return JSON; // rows are checked one by one and rejected with their reason
    }
    String shown = start.length() > 40 ? start.substring(0, 40) : start;
    throw new IllegalArgumentException("cannot tell the format of " + input + " from its content (it starts with '"
        + shown.replaceAll("\\p{Cntrl}", "?") + "'); pass --format warc|html|mmc4|obelics|json");
  }

  /** The field names of the first JSON object, read leniently from a possibly cut-off prefix. */
  private static Set<String> topLevelKeys(byte[] head) {
    Set<String> keys = new HashSet<>();
    try (JsonParser p = new JsonFactory().createParser(head)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return keys;
      }
      JsonToken t;
      while ((t = p.nextToken()) != null && t != JsonToken.END_OBJECT) {
        if (t == JsonToken.FIELD_NAME) {
          keys.add(p.currentName());
          p.nextToken();
          p.skipChildren();
        }
      }
    } catch (IOException cutOffOrBroken) {
      // The prefix ended inside a value, or the row is broken: the names so far decide.
    }
    return keys;
  }
}
