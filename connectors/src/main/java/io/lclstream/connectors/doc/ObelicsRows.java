package io.lclstream.connectors.doc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Converts an OBELICS row (parallel {@code texts} and {@code images} lists where each position
 * holds one or the other and null, {@code metadata} and {@code general_metadata} as JSON strings)
 * to a document. An image is a URL string, or an object with base64 {@code bytes} (as the Hugging
 * Face export writes decoded images). Alt text comes from {@code metadata[i].alt_text}.
 */
public final class ObelicsRows {
  public static final String SOURCE = "obelics";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ObelicsRows() {}

  public static boolean looksLike(JsonNode row) {
    return row.isObject() && row.has("texts") && row.has("images");
  }

  public static Document toDocument(JsonNode row) throws RejectedException {
    JsonNode texts = JsonFields.reqArray(row, "texts", "");
    JsonNode images = JsonFields.reqArray(row, "images", "");
    if (texts.size() != images.size()) {
      throw new RejectedException(Rejection.DOC_BAD_FIELD, "'texts' has " + texts.size()
          + " entries but 'images' has " + images.size() + "; OBELICS rows need parallel lists");
    }
    JsonNode metadata = embeddedJson(row, "metadata");
    JsonNode general = embeddedJson(row, "general_metadata");
    if (metadata != null && !metadata.isArray()) {
      throw JsonFields.malformed("metadata", "a JSON list (or a string holding one)", metadata);
    }
    String url = general != null && general.isObject() ? JsonFields.optText(general, "url", "general_metadata.") : null;
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      JsonNode t = texts.get(i);
      JsonNode img = images.get(i);
      JsonNode meta = metadata != null && i < metadata.size() ? metadata.get(i) : null;
      if (url == null && meta != null && meta.isObject()) {
        url = JsonFields.optText(meta, "document_url", "metadata[" + i + "].");
      }
      if (img != null && !img.isNull()) {
        segments.add(image(img, meta, i));
      }
      if (t != null && !t.isNull()) {
        if (!t.isTextual()) {
          throw JsonFields.malformed("texts[" + i + "]", "a string or null", t);
        }
        if (!t.textValue().isBlank()) {
          segments.add(new TextSegment(t.textValue()));
        }
      }
    }
    String id = url != null && !url.isBlank() ? DocumentIds.forUrl(url) : DocumentIds.forContent(segments);
    return new Document(id, url, SOURCE, null, null, segments);
  }

  private static ImageSegment image(JsonNode img, JsonNode meta, int i) throws RejectedException {
    String alt = meta != null && meta.isObject() ? JsonFields.optText(meta, "alt_text", "metadata[" + i + "].") : null;
    if (img.isTextual()) {
      return ImageSegment.reference(img.textValue(), alt);
    }
    if (img.isObject()) {
      String b64 = JsonFields.optText(img, "bytes", "images[" + i + "].");
      String url = JsonFields.optText(img, "url", "images[" + i + "].");
      if (url == null) {
        url = JsonFields.optText(img, "path", "images[" + i + "].");
      }
      if (b64 != null) {
        byte[] data = DocumentJson.decodeBase64(b64, "images[" + i + "].bytes");
        return ImageSegment.inline(url, data, ImageMime.guess(data, url), alt);
      }
      if (url != null) {
        return ImageSegment.reference(url, alt);
      }
    }
    throw JsonFields.malformed("images[" + i + "]", "a URL string, null, or {\"bytes\": base64}", img);
  }

  /** OBELICS stores metadata as JSON inside a string; accept it already parsed, too. */
  private static JsonNode embeddedJson(JsonNode row, String field) throws RejectedException {
    JsonNode n = row.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      return n;
    }
    try {
      return MAPPER.readTree(n.textValue());
    } catch (JsonProcessingException e) {
      throw new RejectedException(Rejection.JSON_MALFORMED,
          "field '" + field + "' must hold JSON text, but it does not parse: " + e.getOriginalMessage());
    }
  }
}
