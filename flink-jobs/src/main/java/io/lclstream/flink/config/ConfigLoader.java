package io.lclstream.flink.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads the job's configuration: a YAML or properties file, then command-line overrides, checked
 * against {@link JobOptions} so that a misspelt key or a bad value fails fast with its name.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Loads {@code file} (may be null) and applies {@code overrides} on top, in that order. */
  public static Configuration load(Path file, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      values.putAll(readFile(file));
    }
    values.putAll(overrides);
    return toConfiguration(values, file == null ? "the command line" : file + " or the command line");
  }

  static Configuration toConfiguration(Map<String, String> values, String where) {
    Map<String, ConfigOption<?>> known = new LinkedHashMap<>();
    for (ConfigOption<?> option : JobOptions.all()) {
      known.put(option.key(), option);
    }
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!known.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "Unknown configuration key '" + e.getKey() + "' in " + where + closest(e.getKey(), known.keySet())
                + ". Known keys: " + String.join(", ", new TreeSet<>(known.keySet())));
      }
      conf.setString(e.getKey(), e.getValue());
    }
    // Parse every option now so a bad value names its key before the job starts.
    for (ConfigOption<?> option : known.values()) {
      try {
        conf.get(option);
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException(
            "Invalid value '" + conf.toMap().get(option.key()) + "' for configuration " + option.key()
                + ": " + rootMessage(ex) + ". " + JobOptions.doc(option), ex);
      }
    }
    return conf;
  }

  /** Reads a flat or nested YAML file ({@code .yaml}/{@code .yml}) or a properties file. */
  static Map<String, String> readFile(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("Cannot read configuration file " + file + ": it does not exist or is not readable.");
    }
    String name = file.getFileName().toString().toLowerCase();
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
          if (!root.isObject()) {
            throw new IllegalArgumentException("Configuration file " + file + " must hold a mapping of keys to values, not " + root.getNodeType());
          }
          flatten("", root, flat);
        }
        return flat;
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      Map<String, String> flat = new LinkedHashMap<>();
      for (String k : p.stringPropertyNames()) {
        flat.put(k.trim(), p.getProperty(k).trim());
      }
      return flat;
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot parse configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (JsonNode item : node) {
        if (joined.length() > 0) {
          joined.append(';');
        }
        joined.append(item.asText());
      }
      out.put(prefix, joined.toString());
    } else {
      out.put(prefix, node.asText());
    }
  }

  private static String closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 4) ? " (did you mean '" + best + "'?)" : "";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The markdown table of every key, default and meaning (README's configuration reference). */
  public static String referenceTable() {
    StringBuilder md = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
    for (ConfigOption<?> option : JobOptions.all()) {
      boolean required = option == JobOptions.KAFKA_BOOTSTRAP || option == JobOptions.STORE_DIR;
      String def = option.hasDefaultValue() ? String.valueOf(formatDefault(option.defaultValue()))
          : required ? "(required)" : "(derived)";
      md.append("| `").append(option.key()).append("` | ")
          .append(def.isEmpty() ? "(empty)" : "`" + def + "`").append(" | ")
          .append(JobOptions.doc(option).replace("|", "\\|")).append(" |\n");
    }
    return md.toString();
  }

  private static String formatDefault(Object value) {
    if (value instanceof java.time.Duration d) {
      return org.apache.flink.util.TimeUtils.formatWithHighestUnit(d);
    }
    if (value instanceof java.util.List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(";"));
    }
    return String.valueOf(value);
  }
}
