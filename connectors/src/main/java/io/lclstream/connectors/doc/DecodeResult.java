package io.lclstream.connectors.doc;

/** The outcome of decoding one wire record: a valid document or the reason it was rejected. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Invalid {

  record Decoded(Document document) implements DecodeResult {}

  record Invalid(Rejection rejection) implements DecodeResult {}

  static DecodeResult invalid(String reason, String message) {
    return new Invalid(new Rejection(reason, message));
  }
}
