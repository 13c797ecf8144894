package io.lclstream.connectors.kafka;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.Rejection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link Document} as its wire JSON. A document over the cap fails with a {@link
 * DocumentTooLargeException} (reason {@code doc.too_large}) before it reaches the producer's buffer.
 * The cap comes from the constructor or the client setting {@value #MAX_DOCUMENT_BYTES_CONFIG}.
 */
public final class DocumentSerializer implements Serializer<Document> {
  /** Client setting: the largest encoded document in bytes (default 16 MiB). */
  public static final String MAX_DOCUMENT_BYTES_CONFIG = "lcl.max.document.bytes";
  private DocumentJson json;

  public DocumentSerializer() {
    this(DocumentJson.create());
  }

  public DocumentSerializer(DocumentJson json) {
    this.json = json;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object cap = configs.get(MAX_DOCUMENT_BYTES_CONFIG);
    if (cap != null) {
      json = DocumentJson.withMaxBytes(Integer.parseInt(cap.toString()));
    }
  }

  @Override
  public byte[] serialize(String topic, Document doc) {
    if (doc == null) {
      return null;
    }
    byte[] bytes = json.toJson(doc);
    Optional<Rejection> tooLarge = json.checkSize(bytes.length);
    if (tooLarge.isPresent()) {
      throw new DocumentTooLargeException(doc.id(), tooLarge.get());
    }
    return bytes;
  }

  /** A document whose encoding exceeds the cap; carries the {@code doc.too_large} rejection. */
  public static final class DocumentTooLargeException extends SerializationException {
    private final transient Rejection rejection;

    public DocumentTooLargeException(String id, Rejection rejection) {
      super("document " + id + ": " + rejection.message());
      this.rejection = rejection;
    }

    public Rejection rejection() {
      return rejection;
    }
  }
}
