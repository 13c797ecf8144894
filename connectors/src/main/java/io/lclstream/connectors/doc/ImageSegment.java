package io.lclstream.connectors.doc;

import java.util.Arrays;
import java.util.Objects;

/**
 * An image in page order: its bytes ({@code data}, with {@code mime}) or a reference ({@code url},
 * http(s) or file), or both; {@code alt} text and, for MMC4 rows, the CLIP {@code matchedSim}.
 *
 * <p>The bytes are copied on the way in and on the way out, so a document stays immutable; use
 * {@link #dataLength()} and {@link #hasData()} to inspect them without a copy.
 */
public record ImageSegment(String url, byte[] data, String mime, String alt, Double matchedSim)
    implements Segment {

  public ImageSegment {
    data = data == null ? null : data.clone();
  }

  /** A reference to an image the pipeline fetches itself. */
  public static ImageSegment reference(String url, String alt) {
    return new ImageSegment(url, null, null, alt, null);
  }

  /** An image that travels with its bytes; {@code url} records where it came from (may be null). */
  public static ImageSegment inline(String url, byte[] data, String mime, String alt) {
    return new ImageSegment(url, data, mime, alt, null);
  }

  /** A copy of the bytes, or null for a reference. */
  @Override
  public byte[] data() {
    return data == null ? null : data.clone();
  }

  public boolean hasData() {
    return data != null;
  }

  public int dataLength() {
    return data == null ? 0 : data.length;
  }

  /** The bytes without a copy, for the codec in this package only. */
  byte[] dataNoCopy() {
    return data;
  }

  public ImageSegment withMatchedSim(Double sim) {
    return new ImageSegment(url, data, mime, alt, sim);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageSegment other
        && Objects.equals(url, other.url)
        && Arrays.equals(data, other.data)
        && Objects.equals(mime, other.mime)
        && Objects.equals(alt, other.alt)
        && Objects.equals(matchedSim, other.matchedSim);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, Arrays.hashCode(data), mime, alt, matchedSim);
  }

  @Override
  public String toString() {
    return "ImageSegment[url=" + url + ", data=" + (data == null ? "null" : data.length + " bytes")
        + ", mime=" + mime + ", alt=" + alt + ", matchedSim=" + matchedSim + "]";
  }
}
