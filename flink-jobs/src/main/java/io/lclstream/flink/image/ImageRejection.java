package io.lclstream.flink.image;

/**
 * Why an image was refused by a header, decode or filter rule.
 *
 * @param reason machine-readable reason, see {@link ImageReasons}
 * @param detail human-readable measurement and limit
 */
public record ImageRejection(String reason, String detail) {
}
