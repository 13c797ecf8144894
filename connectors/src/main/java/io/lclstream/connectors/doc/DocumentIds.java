package io.lclstream.connectors.doc;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Stable document ids: the same page gets the same id whichever reader saw it, so Kafka keys and
 * dedup state line up. Ids are the first 128 bits of a SHA-256, in hex.
 */
public final class DocumentIds {
  private DocumentIds() {}

  /** The id of a page known by its URL: a hash of {@link #canonicalUrl(String)}. */
  public static String forUrl(String url) {
    return hash("url\0" + canonicalUrl(url));
  }

  /** The id of a row without a URL: a hash of its segments (text, image URLs and image bytes). */
  public static String forContent(List<Segment> segments) {
    MessageDigest sha = sha256();
    sha.update("content\0".getBytes(StandardCharsets.UTF_8));
    for (Segment s : segments) {
      if (s instanceof TextSegment t) {
        sha.update((byte) 't');
        sha.update(t.text().getBytes(StandardCharsets.UTF_8));
      } else if (s instanceof ImageSegment i) {
        sha.update((byte) 'i');
        if (i.url() != null) {
          sha.update(i.url().getBytes(StandardCharsets.UTF_8));
        }
        if (i.hasData()) {
          sha.update(i.dataNoCopy());
        }
      }
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }

  /**
   * The URL in one canonical spelling: lower-case scheme and host, no default port, no fragment,
   * dot segments removed, an empty path as "/". The query is kept as is (it often selects the
   * page). A string that is not a URI is only trimmed.
   */
  public static String canonicalUrl(String url) {
    String trimmed = encodeIllegal(url.trim());
    try {
      URI uri = new URI(trimmed).normalize();
      if (uri.getScheme() == null || uri.isOpaque()) {
        return trimmed;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      if ((port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"))) {
        port = -1;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      StringBuilder out = new StringBuilder(scheme).append("://");
      if (uri.getRawUserInfo() != null) {
        out.append(uri.getRawUserInfo()).append('@');
      }
      if (host != null) {
        out.append(host);
      } else if (uri.getRawAuthority() != null) {
        out.append(uri.getRawAuthority());
      }
      if (port != -1) {
        out.append(':').append(port);
      }
      out.append(path);
      if (uri.getRawQuery() != null) {
        out.append('?').append(uri.getRawQuery());
      }
      return out.toString();
    } catch (URISyntaxException e) {
      return trimmed;
    }
  }

  /**
   * Percent-encodes (as UTF-8, upper-case hex) the characters a URI may not hold literally, so
   * {@code a b.png} as written in HTML and {@code a%20b.png} as a crawler recorded it are one URL.
   */
  static String encodeIllegal(String url) {
    StringBuilder out = null;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      boolean legal = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
      boolean badEscape = c == '%' && !(i + 2 < url.length() && isHex(url.charAt(i + 1)) && isHex(url.charAt(i + 2)));
      if (legal && !badEscape) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(url.length() + 16).append(url, 0, i);
      }
      int cp = url.codePointAt(i);
      for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
      i += Character.charCount(cp) - 1;
    }
    return out == null ? url : out.toString();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static String hash(String s) {
    return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }
}
