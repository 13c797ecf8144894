package io.lclstream.flink.local;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter for {@code lcl local}'s status line: it keeps the job's {@code
 * pipeline} counters and {@code trainer} gauges, summed over subtasks by name, for the command
 * running in the same JVM to read.
 */
public final class StatusReporter implements MetricReporter, MetricReporterFactory {
  private static final Map<String, Map<Metric, Boolean>> METRICS = new ConcurrentHashMap<>();
  /** Counts of counters already removed (their task finished), so end-of-run totals stay right. */
  private static final Map<String, Long> RETIRED = new ConcurrentHashMap<>();

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new StatusReporter();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    String[] scope = group.getScopeComponents();
    for (int i = scope.length - 1; i >= 0; i--) {
      if (scope[i].equals("pipeline") || scope[i].equals("trainer")) {
        StringBuilder key = new StringBuilder(scope[i]);
        for (int j = i + 1; j < scope.length; j++) {
          key.append('.').append(scope[j]);
        }
        METRICS.computeIfAbsent(key.append('.').append(name).toString(), k -> new ConcurrentHashMap<>()).put(metric, true);
        return;
      }
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    METRICS.forEach((key, metrics) -> {
      if (metrics.remove(metric) != null && metric instanceof Counter c) {
        RETIRED.merge(key, c.getCount(), Long::sum);
      }
    });
  }

  /** Sum of the counters named {@code key} (e.g. {@code pipeline.pagesIn}). */
  public static long count(String key) {
    long sum = RETIRED.getOrDefault(key, 0L);
    for (Metric m : METRICS.getOrDefault(key, Map.of()).keySet()) {
      if (m instanceof Counter c) {
        sum += c.getCount();
      }
    }
    return sum;
  }

  /** Sum of the counters whose name starts with {@code prefix}, by the rest of their name. */
  public static Map<String, Long> countsUnder(String prefix) {
    Map<String, Long> out = new java.util.TreeMap<>();
    java.util.Set<String> keys = new java.util.HashSet<>(METRICS.keySet());
    keys.addAll(RETIRED.keySet());
    for (String key : keys) {
      if (key.startsWith(prefix)) {
        long n = count(key);
        if (n > 0) {
          out.merge(key.substring(prefix.length()), n, Long::sum);
        }
      }
    }
    return out;
  }

  /** The value of gauge or meter {@code key} as a double, NaN when absent. */
  public static double value(String key) {
    for (Metric m : METRICS.getOrDefault(key, Map.of()).keySet()) {
      if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        return n.doubleValue();
      }
      if (m instanceof Meter meter) {
        return meter.getRate();
      }
    }
    return Double.NaN;
  }
}
