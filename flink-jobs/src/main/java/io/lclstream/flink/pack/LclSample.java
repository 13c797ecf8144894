package io.lclstream.flink.pack;

/**
 * One training sequence, the element the training sink consumes: packed tokens and the pixels of
 * the images they reference, plus what the sink needs for its digest and freshness metric.
 *
 * <p>Shapes: {@code tokens [T]}, {@code soiPositions [I]}, {@code pixels [I × S × S × 3]} RGB uint8.
 */
public record LclSample(
    String id, long kafkaTimestamp, int[] tokens, int[] soiPositions, byte[] pixels, int imageCount) {

  /** Approximate heap bytes, for memory accounting of buffered samples. */
  public long approximateBytes() {
    return 64L + 2L * id.length() + 4L * tokens.length + 4L * soiPositions.length + pixels.length;
  }
}
