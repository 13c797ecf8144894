package io.lclstream.connectors.doc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves image file names (MMC4's {@code image_name}) to bytes in one local folder, so an image
 * can travel inline instead of as a URL the pipeline must fetch. Names never escape the folder.
 */
public final class LocalImages {
  private static final LocalImages NONE = new LocalImages(null);
  private final Path dir;

  private LocalImages(Path dir) {
    this.dir = dir;
  }

  public static LocalImages none() {
    return NONE;
  }

  public static LocalImages in(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "--images " + dir + " is not a folder; pass the folder that holds the images named by the rows");
    }
    return new LocalImages(dir.toAbsolutePath().normalize());
  }

  /** The bytes of {@code name} inside the folder, or empty when there is no such file. */
  public Optional<byte[]> read(String name) {
    if (dir == null || name == null || name.isBlank()) {
      return Optional.empty();
    }
    Path file = dir.resolve(name).normalize();
    if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }
}
