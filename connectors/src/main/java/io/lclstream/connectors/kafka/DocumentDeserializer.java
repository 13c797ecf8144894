package io.lclstream.connectors.kafka;

import io.lclstream.connectors.doc.DecodeResult;
import io.lclstream.connectors.doc.DocumentJson;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record value as a {@link DecodeResult}: never throws on bad input, so one broken record
 * cannot stall a consumer; the caller routes {@code Invalid} results to {@code pages.rejected}.
 * MMC4 and OBELICS rows are converted (DESIGN §3).
 */
public final class DocumentDeserializer implements Deserializer<DecodeResult> {
  private DocumentJson json;

  public DocumentDeserializer() {
    this(DocumentJson.create());
  }

  public DocumentDeserializer(DocumentJson json) {
    this.json = json;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object cap = configs.get(DocumentSerializer.MAX_DOCUMENT_BYTES_CONFIG);
    if (cap != null) {
      json = DocumentJson.withMaxBytes(Integer.parseInt(cap.toString()));
    }
  }

  @Override
  public DecodeResult deserialize(String topic, byte[] data) {
    return data == null ? null : json.decode(data);
  }
}
