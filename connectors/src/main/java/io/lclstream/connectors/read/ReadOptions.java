package io.lclstream.connectors.read;

import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.LocalImages;
import java.util.Objects;

/**
 * What readers need besides the input: the codec (its size cap bounds JSON lines) and the folder
 * that MMC4 {@code image_name}s resolve in.
 */
public record ReadOptions(DocumentJson json, LocalImages images) {
  public ReadOptions {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(images, "images");
  }

  public static ReadOptions defaults() {
    return new ReadOptions(DocumentJson.create(), LocalImages.none());
  }
}
