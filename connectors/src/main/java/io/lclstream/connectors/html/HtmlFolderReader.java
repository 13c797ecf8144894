package io.lclstream.connectors.html;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentIds;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.ImageMime;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.read.PageReader;
import io.lclstream.connectors.read.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a mirrored site (a folder of {@code .html}/{@code .htm} files, e.g. from {@code wget
 * --mirror}) or a single HTML file: each file becomes a document whose images come from local
 * files when they exist (inline bytes) and stay URL references when they are remote. Files are
 * read in path order; the document URL is the file's {@code file:} URI.
 */
public final class HtmlFolderReader implements PageReader {
  private final Iterator<Path> files;

  private HtmlFolderReader(List<Path> files) {
    this.files = files.iterator();
  }

  public static HtmlFolderReader open(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      return new HtmlFolderReader(List.of(input));
    }
    try (Stream<Path> walk = Files.walk(input)) {
      // Only the paths are held, never the pages.
      return new HtmlFolderReader(walk.filter(Files::isRegularFile).filter(HtmlFolderReader::isHtml).sorted().toList());
    }
  }

  static boolean isHtml(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".html") || n.endsWith(".htm") || n.endsWith(".xhtml");
  }

  @Override
  public boolean hasNext() {
    return files.hasNext();
  }

  @Override
  public ReadResult next() {
    if (!files.hasNext()) {
      throw new NoSuchElementException();
    }
    return read(files.next());
  }

  private static ReadResult read(Path file) {
    String location = file.toString();
    String url = file.toAbsolutePath().normalize().toUri().toString();
    try (InputStream in = Files.newInputStream(file)) {
      var page = HtmlExtractor.parse(in, null, url);
      HtmlExtractor.Extracted extracted = HtmlExtractor.extract(page, HtmlFolderReader::localImage);
      Document doc = new Document(DocumentIds.forUrl(url), url, "html",
          Files.getLastModifiedTime(file).toInstant(), extracted.lang(), extracted.segments());
      Optional<Rejection> invalid = DocumentJson.validate(doc);
      return invalid.<ReadResult>map(r -> new ReadResult.Rejected(r, location, null))
          .orElseGet(() -> new ReadResult.Page(doc, location));
    } catch (IOException | UncheckedIOException e) {
      return ReadResult.Rejected.of(Rejection.RECORD_UNREADABLE, "cannot read " + file + ": " + e.getMessage(), location, null);
    }
  }

  /** A {@code file:} image that exists travels inline; a remote one stays a reference; a missing local one is dropped. */
  private static ImageSegment localImage(String url, String alt) {
    if (!url.regionMatches(true, 0, "file:", 0, 5)) {
      return ImageSegment.reference(url, alt);
    }
    try {
      URI uri = URI.create(url);
      Path p = Path.of(new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), null, null));
      if (!Files.isRegularFile(p)) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(p);
      // One spelling of file URLs (file:///…), as the document's own URL has.
      return ImageSegment.inline(p.toUri().toString(), bytes, ImageMime.guess(bytes, p.getFileName().toString()), alt);
    } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
      return null;
    }
  }

  @Override
  public void close() {
    // Files are opened and closed one at a time.
  }
}
