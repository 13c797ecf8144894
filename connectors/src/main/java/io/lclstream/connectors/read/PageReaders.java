package io.lclstream.connectors.read;

import io.lclstream.connectors.html.HtmlFolderReader;
import io.lclstream.connectors.warc.WarcPageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the right {@link PageReader} for an input and a {@link Format} ({@code AUTO} detects it). */
public final class PageReaders {
  private PageReaders() {}

  public static PageReader open(Path input, Format format, ReadOptions options) throws IOException {
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("input " + input + " does not exist; check the path");
    }
    if (!Files.isReadable(input)) {
      throw new IllegalArgumentException("input " + input + " is not readable; check its permissions");
    }
    Format f = format == Format.AUTO ? Format.detect(input) : format;
    return switch (f) {
      case WARC -> WarcPageReader.open(input);
      case HTML -> HtmlFolderReader.open(input);
      case MMC4, OBELICS, JSON -> JsonLinesReader.open(input, options);
      case AUTO -> throw new IllegalStateException("detect() never answers AUTO");
    };
  }
}
