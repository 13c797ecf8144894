package io.lclstream.connectors.doc;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of JSON fields that fail with a rejection naming the field and what was found. */
final class JsonFields {
  private JsonFields() {}

  /** The field's text, null when absent or JSON null; a non-string is malformed. */
  static String optText(JsonNode obj, String field, String where) throws RejectedException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw malformed(where + field, "a string", n);
    }
    return n.textValue();
  }

  static String reqText(JsonNode obj, String field, String where) throws RejectedException {
    String s = optText(obj, field, where);
    if (s == null || s.isBlank()) {
      throw new RejectedException(Rejection.DOC_MISSING_FIELD,
          "field '" + where + field + "' is missing or empty; it is required");
    }
    return s;
  }

  static JsonNode optArray(JsonNode obj, String field, String where) throws RejectedException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      throw malformed(where + field, "an array", n);
    }
    return n;
  }

  static JsonNode reqArray(JsonNode obj, String field, String where) throws RejectedException {
    JsonNode n = optArray(obj, field, where);
    if (n == null) {
      throw new RejectedException(Rejection.DOC_MISSING_FIELD,
          "field '" + where + field + "' is missing; it must be an array");
    }
    return n;
  }

  static Double optNumber(JsonNode obj, String field, String where) throws RejectedException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw malformed(where + field, "a number", n);
    }
    return n.doubleValue();
  }

  static RejectedException malformed(String field, String expected, JsonNode found) {
    return new RejectedException(Rejection.JSON_MALFORMED,
        "field '" + field + "' must be " + expected + ", found " + describe(found));
  }

  static String describe(JsonNode n) {
    String kind = n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    String text = n.toString();
    return kind + " " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
  }
}
