package io.lclstream.connectors.read;

import io.lclstream.connectors.doc.DecodeResult;
import io.lclstream.connectors.doc.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads JSON lines (our documents, MMC4 rows or OBELICS rows, each line detected on its own) one
 * line at a time. A line longer than the document cap is rejected as {@code doc.too_large} without
 * being held in memory; blank lines are skipped.
 */
public final class JsonLinesReader extends LookaheadPageReader {
  private final Path file;
  private final InputStream in;
  private final ReadOptions options;
  private final int maxLine;
  private long lineNo;

  private JsonLinesReader(Path file, InputStream in, ReadOptions options) {
    this.file = file;
    this.in = in;
    this.options = options;
    this.maxLine = options.json().maxBytes();
  }

  public static JsonLinesReader open(Path file, ReadOptions options) throws IOException {
    return new JsonLinesReader(file, Inputs.open(file), options);
  }

  /** The next result, or null for a blank line or the end of the file. */
  @Override
  protected ReadResult readOne() {
    ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
    long length = 0;
    int b;
    try {
      while ((b = in.read()) != -1 && b != '\n') {
        if (length < maxLine) {
          line.write(b);
        }
        length++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " after line " + lineNo + ": " + e.getMessage(), e);
    }
    if (b == -1) {
      finish();
      if (length == 0) {
        return null;
      }
    }
    lineNo++;
    String location = file + ":" + lineNo;
    if (length >= maxLine) {
      return ReadResult.Rejected.of(Rejection.DOC_TOO_LARGE, "line is " + length
          + " bytes or more, over the cap of " + maxLine + " bytes; split the row or raise the cap",
          location, line.toByteArray());
    }
    byte[] bytes = line.toByteArray();
    if (isBlank(bytes)) {
      return null;
    }
    DecodeResult result = options.json().decode(bytes, options.images());
    if (result instanceof DecodeResult.Decoded d) {
      return new ReadResult.Page(d.document(), location);
    }
    return new ReadResult.Rejected(((DecodeResult.Invalid) result).rejection(), location, bytes);
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte x : bytes) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
