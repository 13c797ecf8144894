package io.lclstream.connectors.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens input files, gunzipping transparently when the content (not the name) is gzip. */
public final class Inputs {
  private Inputs() {}

  public static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      // GZIPInputStream reads concatenated members, as per-record gzipped files need.
      return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return raw;
  }

  /** Up to {@code n} leading bytes of the (decompressed) content. */
  public static byte[] head(Path file, int n) throws IOException {
    try (InputStream in = open(file)) {
      return in.readNBytes(n);
    }
  }
}
