package io.lclstream.connectors.html;

import io.lclstream.connectors.doc.ImageMime;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Segment;
import io.lclstream.connectors.doc.TextSegment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Turns an HTML page into segments in reading order: each heading, paragraph, list item, table
 * cell, caption or other block becomes a text segment and each {@code <img>} an image segment
 * (URL resolved against the page, best {@code srcset} candidate, alt text). Navigation, headers,
 * footers, asides, forms, menus, scripts, styles and hidden elements are skipped.
 */
public final class HtmlExtractor {

  /** Maps an image's absolute URL (and alt text) to a segment: inline bytes or a reference; null drops it. */
  @FunctionalInterface
  public interface ImageResolver {
    ImageSegment resolve(String absoluteUrl, String alt);
  }

  /** The page's segments and its declared language ({@code <html lang>}, may be null). */
  public record Extracted(List<Segment> segments, String lang) {}

  private static final Set<String> SKIP_TAGS = Set.of(
      "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
      "menu", "iframe", "object", "embed", "svg", "math", "canvas", "button", "select", "input",
      "textarea", "video", "audio", "map", "dialog");
  private static final Set<String> SKIP_ROLES = Set.of(
      "navigation", "menu", "menubar", "banner", "contentinfo", "search", "complementary", "dialog");
  /** Class or id tokens of navigation in common markup (DocBook's navheader, site menus, …). */
  private static final Set<String> SKIP_CLASSES = Set.of(
      "nav", "navbar", "navigation", "navheader", "navfooter", "menu", "menubar", "breadcrumb",
      "breadcrumbs", "sidebar", "skip-link", "skiplink", "site-header", "site-footer");
  private static final Set<String> BLOCK_TAGS = Set.of(
      "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "figcaption", "caption", "blockquote",
      "dt", "dd", "div", "section", "article", "main", "table", "tr", "thead", "tbody", "tfoot", "ul",
      "ol", "dl", "figure", "address", "hr", "body", "center", "details", "summary", "fieldset", "legend");
  private static final Pattern HIDDEN_STYLE =
      Pattern.compile("(?i)(display\\s*:\\s*none|visibility\\s*:\\s*hidden)");
  private static final Pattern LINE_BREAKS = Pattern.compile("[\\n\\r]+");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00a0\\u2000-\\u200b\\u3000]+");

  private HtmlExtractor() {}

  /**
   * Parses HTML bytes. {@code charset} comes from the HTTP header and may be null or unknown, in
   * which case a byte-order mark or {@code <meta charset>} decides, else UTF-8.
   */
  public static org.jsoup.nodes.Document parse(InputStream in, String charset, String baseUrl) throws IOException {
    String cs = charset != null && isSupported(charset) ? charset : null;
    return Jsoup.parse(in, cs, baseUrl == null ? "" : baseUrl);
  }

  public static Extracted extract(org.jsoup.nodes.Document page, ImageResolver images) {
    Walker walker = new Walker(images);
    Element body = page.body();
    if (body != null) {
      NodeTraversor.filter(walker, body);
    }
    walker.flush();
    String lang = page.selectFirst("html") == null ? null : page.selectFirst("html").attr("lang").trim();
    return new Extracted(List.copyOf(walker.segments), lang == null || lang.isEmpty() ? null : lang);
  }

  private static final class Walker implements NodeFilter {
    private final ImageResolver images;
    private final List<Segment> segments = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    Walker(ImageResolver images) {
      this.images = images;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode t) {
        // Newlines in the source are formatting; only <br> breaks a line.
        text.append(LINE_BREAKS.matcher(t.getWholeText()).replaceAll(" "));
        return FilterResult.CONTINUE;
      }
      if (!(node instanceof Element e)) {
        return FilterResult.SKIP_ENTIRELY; // comments, doctype, data nodes of script/style
      }
      String tag = e.normalName();
      if (skipped(e, tag)) {
        return FilterResult.SKIP_ENTIRELY;
      }
      switch (tag) {
        case "br" -> text.append('\n');
        case "img" -> {
          flush();
          ImageSegment img = image(e);
          if (img != null) {
            segments.add(img);
          }
        }
        case "pre" -> {
          flush();
          String pre = e.wholeText().strip();
          if (!pre.isEmpty()) {
            segments.add(new TextSegment(pre));
          }
          return FilterResult.SKIP_ENTIRELY;
        }
        default -> {
          if (BLOCK_TAGS.contains(tag)) {
            flush();
          }
        }
      }
      return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element e && BLOCK_TAGS.contains(e.normalName())) {
        flush();
      }
      return FilterResult.CONTINUE;
    }

    void flush() {
      if (text.isEmpty()) {
        return;
      }
      String s = normalise(text);
      text.setLength(0);
      if (!s.isEmpty()) {
        segments.add(new TextSegment(s));
      }
    }

    private ImageSegment image(Element img) {
      String url = bestSource(img);
      if (url == null) {
        return null;
      }
      String alt = img.attr("alt").strip();
      alt = alt.isEmpty() ? null : alt;
      if (url.regionMatches(true, 0, "data:", 0, 5)) {
        return dataUri(url, alt);
      }
      String scheme = schemeOf(url);
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
        return null; // javascript:, about:, cid: … cannot be fetched
      }
      return images.resolve(url, alt);
    }
  }

  static boolean skipped(Element e, String tag) {
    if (SKIP_TAGS.contains(tag)) {
      return true;
    }
    if (e.hasAttr("hidden") || "true".equalsIgnoreCase(e.attr("aria-hidden"))) {
      return true;
    }
    if (e.hasAttr("style") && HIDDEN_STYLE.matcher(e.attr("style")).find()) {
      return true;
    }
    if (e.hasAttr("role") && SKIP_ROLES.contains(e.attr("role").trim().toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (e.hasAttr("class")) {
      for (String c : e.classNames()) {
        if (SKIP_CLASSES.contains(c.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
    }
    return e.hasAttr("id") && SKIP_CLASSES.contains(e.id().toLowerCase(Locale.ROOT));
  }

  /** The absolute URL of the largest {@code srcset} candidate, else of {@code src} (or {@code data-src}). */
  static String bestSource(Element img) {
    String best = null;
    if (img.hasAttr("srcset")) {
      best = bestCandidate(img.attr("srcset"));
    }
    if (best == null) {
      best = img.attr("src").strip();
      // Lazy loading: the real image waits in data-src while src holds nothing or a placeholder.
      String lazy = img.attr("data-src").strip();
      if (!lazy.isEmpty() && (best.isEmpty() || best.regionMatches(true, 0, "data:", 0, 5))) {
        best = lazy;
      }
    }
    if (best.isEmpty()) {
      return null;
    }
    if (best.regionMatches(true, 0, "data:", 0, 5)) {
      return best;
    }
    String abs = StringUtil.resolve(img.baseUri(), best);
    return abs.isEmpty() ? null : abs;
  }

  /**
   * The candidate with the largest width descriptor ({@code 640w}), else the largest density
   * ({@code 2x}; none means 1x). Commas inside a URL are kept, as the HTML spec's parser does.
   */
  static String bestCandidate(String srcset) {
    String best = null;
    double bestW = -1;
    double bestX = -1;
    int i = 0;
    int n = srcset.length();
    while (i < n) {
      while (i < n && (Character.isWhitespace(srcset.charAt(i)) || srcset.charAt(i) == ',')) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(srcset.charAt(i))) {
        i++;
      }
      String url = srcset.substring(start, i);
      String descriptor = "";
      if (url.endsWith(",")) {
        url = url.replaceAll(",+$", "");
      } else {
        int d = i;
        while (i < n && srcset.charAt(i) != ',') {
          i++;
        }
        descriptor = srcset.substring(d, i).strip();
      }
      if (url.isEmpty()) {
        continue;
      }
      double w = -1;
      double x = 1;
      try {
        if (descriptor.endsWith("w")) {
          w = Double.parseDouble(descriptor.substring(0, descriptor.length() - 1));
        } else if (descriptor.endsWith("x")) {
          x = Double.parseDouble(descriptor.substring(0, descriptor.length() - 1));
        }
      } catch (NumberFormatException ignored) {
        // An unreadable descriptor counts as 1x.
      }
      if (w > bestW || (w == bestW && w < 0 && x > bestX)) {
        best = url;
        bestW = w;
        bestX = x;
      }
    }
    return best;
  }

  private static ImageSegment dataUri(String uri, String alt) {
    int comma = uri.indexOf(',');
    if (comma < 0) {
      return null;
    }
    String meta = uri.substring(5, comma);
    if (!meta.toLowerCase(Locale.ROOT).endsWith(";base64")) {
      return null; // percent-encoded data URIs are almost always SVG placeholders
    }
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(uri.substring(comma + 1));
      String mime = meta.substring(0, meta.length() - ";base64".length());
      if (bytes.length < 64) {
        return null; // a 1×1 spacer or lazy-loading placeholder, not content
      }
      return ImageSegment.inline(null, bytes, mime.isEmpty() ? ImageMime.guess(bytes, null) : mime, alt);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String normalise(CharSequence raw) {
    String s = SPACES.matcher(raw).replaceAll(" ");
    s = s.replaceAll(" *\n *", "\n").replaceAll("\n{3,}", "\n\n");
    return s.strip();
  }

  static String schemeOf(String url) {
    try {
      String scheme = new URI(url).getScheme();
      return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      int colon = url.indexOf(':');
      return colon > 0 ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    }
  }

  private static boolean isSupported(String charset) {
    try {
      return Charset.isSupported(charset.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
