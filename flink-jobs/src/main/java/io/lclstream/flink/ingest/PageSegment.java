package io.lclstream.flink.ingest;

/**
 * One segment of a {@link Page}: text, or an image given by bytes or by URL. After the image
 * stage, an image's {@code data} holds {@code size × size × 3} RGB bytes (row-major, HWC) with
 * {@code mime = "image/x-rgb"}.
 *
 * @param matchedSim the source's image–text similarity (MMC4), or NaN when unknown
 */
public record PageSegment(
    boolean image, String text, String url, byte[] data, String mime, String alt, double matchedSim,
    int width, int height) {

  /** Mime type of decoded, resized pixels ready for the model. */
  public static final String RGB = "image/x-rgb";

  public static PageSegment text(String text) {
    return new PageSegment(false, text, null, null, null, null, Double.NaN, 0, 0);
  }

  public static PageSegment imageRef(String url, String alt, double matchedSim) {
    return new PageSegment(true, null, url, null, null, alt, matchedSim, 0, 0);
  }

  public static PageSegment imageBytes(byte[] data, String mime, String url, String alt, double matchedSim) {
    return new PageSegment(true, null, url, data, mime, alt, matchedSim, 0, 0);
  }

  public PageSegment withPixels(byte[] rgb, int size) {
    return new PageSegment(true, null, url, rgb, RGB, alt, matchedSim, size, size);
  }

  public PageSegment withText(String newText) {
    return new PageSegment(false, newText, null, null, null, null, Double.NaN, 0, 0);
  }

  public boolean decoded() {
    return image && RGB.equals(mime);
  }
}
