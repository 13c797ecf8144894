package io.lclstream.connectors.doc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts an MMC4 row ({@code url}, {@code text_list}, {@code image_info[{image_name, raw_url,
 * matched_text_index, matched_sim}]}) to a document.
 *
 * <p>Each image goes right after the sentence it was matched to, in {@code image_info} order. LCL's
 * contrastive term predicts an image from the context before it, so the matched sentence must
 * precede the image. {@code similarity_matrix} and {@code could_have_url_duplicate} are not kept.
 */
public final class Mmc4Rows {
  public static final String SOURCE = "mmc4";

  private Mmc4Rows() {}

  /** True when the object has MMC4's shape. */
  public static boolean looksLike(JsonNode row) {
    return row.isObject() && row.has("text_list") && (row.has("image_info") || !row.has("segments"));
  }

  public static Document toDocument(JsonNode row, LocalImages images) throws RejectedException {
    JsonNode texts = JsonFields.reqArray(row, "text_list", "");
    JsonNode infos = JsonFields.optArray(row, "image_info", "");
    String url = JsonFields.optText(row, "url", "");
    int n = texts.size();
    List<List<ImageSegment>> after = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      after.add(new ArrayList<>(1));
    }
    if (infos != null) {
      for (int k = 0; k < infos.size(); k++) {
        JsonNode info = infos.get(k);
        String where = "image_info[" + k + "].";
        if (!info.isObject()) {
          throw JsonFields.malformed("image_info[" + k + "]", "an object", info);
        }
        JsonNode idx = info.get("matched_text_index");
        if (idx == null || !idx.canConvertToInt() || !idx.isIntegralNumber()) {
          throw new RejectedException(Rejection.DOC_BAD_FIELD, "field '" + where
              + "matched_text_index' must be an integer sentence index, found "
              + (idx == null ? "nothing" : JsonFields.describe(idx)));
        }
        int at = idx.intValue();
        if (at < 0 || at >= n) {
          throw new RejectedException(Rejection.DOC_BAD_FIELD, "field '" + where
              + "matched_text_index' is " + at + " but text_list has " + n
              + " sentences (valid: 0.." + (n - 1) + ")");
        }
        String rawUrl = JsonFields.optText(info, "raw_url", where);
        String name = JsonFields.optText(info, "image_name", where);
        Double sim = JsonFields.optNumber(info, "matched_sim", where);
        Optional<byte[]> local = images.read(name);
        ImageSegment image;
        if (local.isPresent()) {
          byte[] data = local.get();
          image = new ImageSegment(rawUrl, data, ImageMime.guess(data, name), null, sim);
        } else if (rawUrl != null && !rawUrl.isBlank()) {
          image = new ImageSegment(rawUrl, null, null, null, sim);
        } else {
          throw new RejectedException(Rejection.IMAGE_NO_SOURCE, "image_info[" + k
              + "] has no raw_url and its image_name '" + name
              + "' is not in the --images folder; pass the folder that holds it");
        }
        after.get(at).add(image);
      }
    }
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonNode t = texts.get(i);
      if (!t.isTextual()) {
        throw JsonFields.malformed("text_list[" + i + "]", "a string", t);
      }
      if (!t.textValue().isBlank()) {
        segments.add(new TextSegment(t.textValue()));
      }
      segments.addAll(after.get(i));
    }
    String id = url != null && !url.isBlank() ? DocumentIds.forUrl(url) : DocumentIds.forContent(segments);
    return new Document(id, url, SOURCE, null, null, segments);
  }
}
