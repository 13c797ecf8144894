package io.lclstream.checkpoints.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An order-independent digest of the multiset of sample ids trained so far: the sum, modulo
 * 2^256, of SHA-256 of each id.
 *
 * <p>A sum rather than an XOR so that a sample trained twice changes the digest (XOR would make
 * the two copies cancel), and rather than a sorted hash so that it is updated in O(1) per sample
 * and two digests of disjoint streams combine by addition. Not thread-safe: one per sink subtask.
 */
public final class SampleDigest {

  private static final int WORDS = 4; // 4 × 64 bits = 256 bits, most significant word first
  private static final HexFormat HEX = HexFormat.of();

  private final long[] words;
  private final MessageDigest sha256;

  private SampleDigest(long[] words) {
    this.words = words;
    this.sha256 = newSha256();
  }

  /** The digest of no samples (all zeros). */
  public static SampleDigest empty() {
    return new SampleDigest(new long[WORDS]);
  }

  /**
   * Parses a digest written by {@link #hex()}.
   *
   * @throws IllegalArgumentException when {@code hex} is not 64 hexadecimal characters
   */
  public static SampleDigest fromHex(String hex) {
    if (hex == null || hex.length() != WORDS * 16 || !hex.chars().allMatch(SampleDigest::isHexDigit)) {
      throw new IllegalArgumentException(
          "Invalid sampleDigest '" + hex + "': must be 64 hexadecimal characters as written by"
              + " SampleDigest.hex(); use SampleDigest.empty().hex() for a stream with no samples");
    }
    long[] w = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      w[i] = Long.parseUnsignedLong(hex.substring(i * 16, i * 16 + 16), 16);
    }
    return new SampleDigest(w);
  }

  /** Adds one sample id (UTF-8) to the multiset; returns this digest for chaining. */
  public SampleDigest add(String id) {
    if (id == null) {
      throw new IllegalArgumentException("sample id must not be null");
    }
    byte[] h = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
    addInPlace(words, toWords(h));
    return this;
  }

  /** The digest of the union (as multisets) of the samples of this digest and {@code other}. */
  public SampleDigest combine(SampleDigest other) {
    long[] sum = words.clone();
    addInPlace(sum, other.words);
    return new SampleDigest(sum);
  }

  /** An independent copy, e.g. to keep the value at a checkpoint while training goes on. */
  public SampleDigest copy() {
    return new SampleDigest(words.clone());
  }

  /** 64 lowercase hexadecimal characters, most significant first. */
  public String hex() {
    StringBuilder sb = new StringBuilder(WORDS * 16);
    for (long w : words) {
      String s = Long.toHexString(w);
      sb.append("0".repeat(16 - s.length())).append(s);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SampleDigest d && Arrays.equals(words, d.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "SampleDigest[" + hex() + "]";
  }

  private static long[] toWords(byte[] h) {
    long[] w = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      long v = 0;
      for (int b = 0; b < 8; b++) {
        v = (v << 8) | (h[i * 8 + b] & 0xffL);
      }
      w[i] = v;
    }
    return w;
  }

  /** {@code acc = (acc + x) mod 2^256}, words most significant first. */
  private static void addInPlace(long[] acc, long[] x) {
    long carry = 0;
    for (int i = WORDS - 1; i >= 0; i--) {
      long a = acc[i];
      long s = a + x[i];
      long c1 = Long.compareUnsigned(s, a) < 0 ? 1 : 0;
      long s2 = s + carry;
      long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
      acc[i] = s2;
      carry = c1 + c2;
    }
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM; every Java 17 JVM has it", e);
    }
  }

  static String hexOf(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
