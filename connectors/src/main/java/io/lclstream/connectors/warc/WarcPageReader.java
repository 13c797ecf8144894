package io.lclstream.connectors.warc;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentIds;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.ImageMime;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.html.HtmlExtractor;
import io.lclstream.connectors.read.LookaheadPageReader;
import io.lclstream.connectors.read.PageReader;
import io.lclstream.connectors.read.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * Reads a WARC file (plain or per-record gzip): every successful HTML response becomes a document.
 *
 * <p>Crawlers write a page's images after the page ({@code wget --page-requisites}), so reading
 * is two passes over the file: the first indexes the offset of every image response by canonical
 * URL (a few bytes per image), the second extracts pages and reads each image's bytes on demand
 * by seeking a second reader to its record. Memory is bounded by one page and its images plus a
 * small cache for images many pages share (icons); images not in the WARC become URL references.
 */
public final class WarcPageReader extends LookaheadPageReader {
  /** Images shared by many pages (icons, logos) are read once while they stay in this budget. */
  private static final long CACHE_BYTES = 8L * 1024 * 1024;
  private static final int MAX_REJECTED_ORIGINAL = 64 * 1024;

  private final Path file;
  private final WarcReader pages;
  private final WarcReader images;
  private final Map<String, ImageRecord> index;
  private final ImageCache cache = new ImageCache();

  private record ImageRecord(long offset, String mime) {}

  private WarcPageReader(Path file, Map<String, ImageRecord> index) throws IOException {
    this.file = file;
    this.index = index;
    this.pages = new WarcReader(file);
    this.images = new WarcReader(file);
    pages.setLenient(true);
    images.setLenient(true);
  }

  /** Opens {@code warc} and indexes its image responses (the first pass). */
  public static WarcPageReader open(Path warc) throws IOException {
    return new WarcPageReader(warc, indexImages(warc));
  }

  /** How many image responses the first pass found. */
  public int indexedImages() {
    return index.size();
  }

  private static Map<String, ImageRecord> indexImages(Path warc) throws IOException {
    Map<String, ImageRecord> index = new HashMap<>();
    try (WarcReader reader = new WarcReader(warc)) {
      reader.setLenient(true);
      while (true) {
        Optional<WarcRecord> rec;
        try {
          rec = reader.next();
        } catch (IOException | RuntimeException brokenTail) {
          break; // the second pass reports it where it happens
        }
        if (rec.isEmpty()) {
          break;
        }
        if (rec.get() instanceof WarcResponse r) {
          long offset = reader.position();
          try {
            HttpResponse http = r.http();
            String type = baseType(http.contentType());
            if (http.status() >= 200 && http.status() < 300
                && (type.startsWith("image/") || (type.equals("application/octet-stream")
                    && ImageMime.guess(null, r.target()) != null))) {
              index.putIfAbsent(DocumentIds.canonicalUrl(r.target()), new ImageRecord(offset, type.startsWith("image/") ? type : null));
            }
          } catch (IOException | RuntimeException notHttp) {
            // Not an HTTP response (dns:, a broken header): not an image we can use.
          }
        }
      }
    }
    return index;
  }

  /** The next page or rejection, or null to keep going (a record that is not an HTML page). */
  @Override
  protected ReadResult readOne() {
    Optional<WarcRecord> rec;
    long offset = pages.position();
    try {
      rec = pages.next();
    } catch (IOException | RuntimeException e) {
      finish();
      return ReadResult.Rejected.of(Rejection.RECORD_UNREADABLE, "WARC record cannot be read ("
          + e.getMessage() + "); the rest of " + file + " is skipped. Is the file truncated?",
          file + "@" + offset, null);
    }
    if (rec.isEmpty()) {
      finish();
      return null;
    }
    offset = pages.position();
    if (!(rec.get() instanceof WarcResponse response)) {
      return null;
    }
    String location = file + "@" + offset;
    String url = response.target();
    HttpResponse http;
    try {
      http = response.http();
    } catch (IOException | RuntimeException notHttp) {
      return null; // dns: and other non-HTTP responses are not pages
    }
    String type = baseType(http.contentType());
    if (!type.equals("text/html") && !type.equals("application/xhtml+xml")) {
      return null;
    }
    if (http.status() < 200 || http.status() >= 300) {
      return null; // error pages and redirects are not content
    }
    byte[] body;
    try (InputStream in = http.bodyDecoded().stream()) {
      body = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return ReadResult.Rejected.of(Rejection.RECORD_UNREADABLE, "HTML body of " + url
          + " cannot be read: " + e.getMessage(), location, null);
    }
    try {
      String charset = http.contentType().parameters().get("charset");
      var page = HtmlExtractor.parse(new java.io.ByteArrayInputStream(body), charset, url);
      String contentLanguage = http.headers().first("Content-Language").orElse(null);
      HtmlExtractor.Extracted extracted = HtmlExtractor.extract(page, this::resolveImage);
      String lang = extracted.lang() != null ? extracted.lang() : firstLanguage(contentLanguage);
      Document doc = new Document(DocumentIds.forUrl(url), url, "warc", response.date(), lang, extracted.segments());
      Optional<Rejection> invalid = DocumentJson.validate(doc);
      if (invalid.isPresent()) {
        return new ReadResult.Rejected(invalid.get(), location, cut(body));
      }
      return new ReadResult.Page(doc, location);
    } catch (IOException | RuntimeException e) {
      return ReadResult.Rejected.of(Rejection.RECORD_UNREADABLE, "HTML of " + url + " cannot be parsed: "
          + e.getMessage(), location, cut(body));
    }
  }

  private ImageSegment resolveImage(String url, String alt) {
    String key = DocumentIds.canonicalUrl(url);
    ImageRecord rec = index.get(key);
    if (rec != null) {
      byte[] bytes = cache.get(key);
      if (bytes == null) {
        bytes = readImage(rec.offset());
        if (bytes != null) {
          cache.put(key, bytes);
        }
      }
      if (bytes != null && bytes.length > 0) {
        String mime = ImageMime.guess(bytes, url);
        return ImageSegment.inline(url, bytes, mime != null ? mime : rec.mime(), alt);
      }
    }
    return url.regionMatches(true, 0, "file:", 0, 5) ? null : ImageSegment.reference(url, alt);
  }

  private byte[] readImage(long offset) {
    try {
      images.position(offset);
      Optional<WarcRecord> rec = images.next();
      if (rec.isPresent() && rec.get() instanceof WarcResponse r) {
        try (InputStream in = r.http().bodyDecoded().stream()) {
          return in.readAllBytes();
        }
      }
    } catch (IOException | RuntimeException e) {
      // A damaged image record: the page keeps the image as a URL reference.
    }
    return null;
  }

  private static String baseType(MediaType type) {
    return type == null ? "" : type.base().toString().toLowerCase(Locale.ROOT);
  }

  private static String firstLanguage(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    return header.split(",")[0].trim();
  }

  private static byte[] cut(byte[] body) {
    return body.length <= MAX_REJECTED_ORIGINAL ? body : java.util.Arrays.copyOf(body, MAX_REJECTED_ORIGINAL);
  }

  @Override
  public void close() throws IOException {
    try {
      pages.close();
    } finally {
      images.close();
    }
  }

  /** A least-recently-used cache of image bytes with a byte budget. */
  private static final class ImageCache {
    private final LinkedHashMap<String, byte[]> map = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    byte[] get(String key) {
      return map.get(key);
    }

    void put(String key, byte[] value) {
      if (value.length > CACHE_BYTES / 4) {
        return;
      }
      byte[] old = map.put(key, value);
      bytes += value.length - (old == null ? 0 : old.length);
      var it = map.entrySet().iterator();
      while (bytes > CACHE_BYTES && it.hasNext()) {
        bytes -= it.next().getValue().length;
        it.remove();
      }
    }
  }
}
