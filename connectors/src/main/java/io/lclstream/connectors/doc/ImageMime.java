package io.lclstream.connectors.doc;

import java.util.Locale;

/** Guesses an image's MIME type from its first bytes, falling back to its file name. */
public final class ImageMime {
  private ImageMime() {}

  /** The MIME type of {@code data} by magic number, else by {@code name}'s extension, else null. */
  public static String guess(byte[] data, String name) {
    String sniffed = sniff(data);
    return sniffed != null ? sniffed : fromName(name);
  }

  static String sniff(byte[] d) {
    if (d == null || d.length < 4) {
      return null;
    }
    if ((d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
      return "image/png";
    }
    if ((d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xd8 && (d[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    if (d[0] == 'G' && d[1] == 'I' && d[2] == 'F' && d[3] == '8') {
      return "image/gif";
    }
    if (d.length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F'
        && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
      return "image/webp";
    }
    if (d[0] == 'B' && d[1] == 'M') {
      return "image/bmp";
    }
    if ((d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0)
        || (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42)) {
      return "image/tiff";
    }
    return null;
  }

  static String fromName(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT);
    int q = n.indexOf('?');
    if (q >= 0) {
      n = n.substring(0, q);
    }
    if (n.endsWith(".png")) return "image/png";
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return "image/jpeg";
    if (n.endsWith(".gif")) return "image/gif";
    if (n.endsWith(".webp")) return "image/webp";
    if (n.endsWith(".bmp")) return "image/bmp";
    if (n.endsWith(".svg")) return "image/svg+xml";
    if (n.endsWith(".tif") || n.endsWith(".tiff")) return "image/tiff";
    return null;
  }
}
