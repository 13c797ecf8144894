package io.lclstream.connectors.kafka;

import io.lclstream.connectors.doc.DocumentJson;

/** Entry point to the Kafka serde of the {@code pages} topic: documents out, decode results in. */
public final class DocumentSerde {
  private DocumentSerde() {}

  public static DocumentSerializer serializer() {
    return new DocumentSerializer();
  }

  public static DocumentSerializer serializer(DocumentJson json) {
    return new DocumentSerializer(json);
  }

  public static DocumentDeserializer deserializer() {
    return new DocumentDeserializer();
  }

  public static DocumentDeserializer deserializer(DocumentJson json) {
    return new DocumentDeserializer(json);
  }
}
