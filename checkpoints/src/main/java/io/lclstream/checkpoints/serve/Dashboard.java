package io.lclstream.checkpoints.serve;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Renders the dashboard at {@code GET /}: loss curves and throughput over steps from the history as
 * inline SVG, and the snapshot table; self-contained HTML, no scripts, no external resources.
 */
public final class Dashboard {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** One plotted curve: its CSS class (also its legend name), colour and value per history point. */
  private record Series(String name, String color, ToDoubleFunction<HistoryPoint> value) {}

  private Dashboard() {}

  public static byte[] render(List<HistoryPoint> history, String latestId, boolean tokenRequired) {
    StringBuilder h = new StringBuilder(16 * 1024);
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"30\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>lcl-stream checkpoints</title><style>").append(CSS).append("</style></head><body>");
    h.append("<header><h1>lcl-stream <span>checkpoints</span></h1>");
    h.append("<p class=\"sub\">Rolling snapshots of the LCL vision encoder · refreshes every 30 s</p></header>");

    HistoryPoint last = history.isEmpty() ? null : history.get(history.size() - 1);
    h.append("<section class=\"cards\">");
    card(h, "latest", last == null ? "none yet" : String.format(Locale.ROOT, "step %,d", last.step()),
        latestId == null ? "no snapshot published" : latestId);
    card(h, "total loss", last == null ? "–" : num(last.loss().total()),
        last == null ? "" : "contr. " + short3(last.loss().contrastive()) + " · gen. " + short3(last.loss().generation()));
    card(h, "trained on", last == null ? "–" : String.format(Locale.ROOT, "%,d samples", last.samplesSeen()),
        last == null ? "" : human(last.tokensSeen()) + " tokens · " + human(last.imagesSeen()) + " images");
    card(h, "throughput", last == null || last.throughput() == null ? "–"
        : String.format(Locale.ROOT, "%.1f samples/s", last.throughput().samplesPerSecond()),
        last == null || last.throughput() == null ? "" : human((long) last.throughput().tokensPerSecond()) + " tokens/s");
    long kept = history.stream().filter(HistoryPoint::available).count();
    card(h, "snapshots", kept + " kept", history.size() + " published in all");
    h.append("</section>");

    if (history.isEmpty()) {
      h.append("<section class=\"panel empty\"><p>No snapshot has been published yet. The training sink publishes one ")
          .append("every few Flink checkpoints; this page refreshes by itself.</p></section>");
    } else {
      h.append("<section class=\"panel\"><h2>Loss</h2>");
      h.append(chart("loss", history, List.of(
          new Series("total", "#2563eb", p -> p.loss().total()),
          new Series("contrastive", "#db2777", p -> p.loss().contrastive()),
          new Series("generation", "#059669", p -> p.loss().generation())), false));
      h.append("</section>");
      List<HistoryPoint> withThroughput = history.stream().filter(p -> p.throughput() != null).toList();
      h.append("<section class=\"panel\"><h2>Throughput</h2>");
      if (withThroughput.isEmpty()) {
        h.append("<p class=\"muted\">No snapshot reported its throughput.</p>");
      } else {
        h.append(chart("throughput", withThroughput, List.of(
            new Series("samples/s", "#7c3aed", p -> p.throughput().samplesPerSecond())), true));
      }
      h.append("</section>");
    }

    h.append("<section class=\"panel\"><h2>Snapshots</h2><table><thead><tr>")
        .append("<th>id</th><th class=\"n\">step</th><th>created</th><th class=\"n\">total</th>")
        .append("<th class=\"n\">contrastive</th><th class=\"n\">generation</th><th class=\"n\">samples</th>")
        .append("<th class=\"n\">size</th><th>files</th></tr></thead><tbody>");
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryPoint p = history.get(i);
      String id = esc(p.id());
      h.append("<tr class=\"").append(p.available() ? "kept" : "retired").append("\">");
      h.append("<td>").append(p.available() ? "<a href=\"/v1/checkpoints/" + id + "\">" + id + "</a>" : id);
      if (p.id().equals(latestId)) {
        h.append(" <span class=\"tag\">LATEST</span>");
      }
      h.append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%,d", p.step())).append("</td>");
      h.append("<td>").append(p.createdAt() == null ? "" : TIME.format(p.createdAt())).append("</td>");
      h.append("<td class=\"n\">").append(num(p.loss().total())).append("</td>");
      h.append("<td class=\"n\">").append(num(p.loss().contrastive())).append("</td>");
      h.append("<td class=\"n\">").append(num(p.loss().generation())).append("</td>");
      h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%,d", p.samplesSeen())).append("</td>");
      h.append("<td class=\"n\">").append(bytes(p.bytes())).append("</td><td>");
      if (p.available()) {
        h.append("<a href=\"/v1/checkpoints/").append(id).append("/files/model.params\">model</a> · ")
            .append("<a href=\"/v1/checkpoints/").append(id).append("\">manifest</a>");
      } else {
        h.append("<span class=\"muted\">retired</span>");
      }
      h.append("</td></tr>");
    }
    h.append("</tbody></table></section>");
    h.append("<footer>Pull the newest: <code>bin/lcl pull --from http://HOST:PORT --to DIR")
        .append(tokenRequired ? " --token-file F" : "").append(" --follow</code> · API: ")
        .append("<a href=\"/v1/checkpoints\">/v1/checkpoints</a> · <a href=\"/v1/history\">/v1/history</a></footer>");
    h.append("</body></html>");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- chart

  private static final int W = 880;
  private static final int H = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 20;
  private static final int TOP = 36;
  private static final int BOTTOM = 40;

  /**
   * A line chart of each series over step; every history point is one {@code <circle class="pt
   * NAME">}, so the number of plotted points can be counted.
   */
  private static String chart(String id, List<HistoryPoint> points, List<Series> series, boolean fromZero) {
    double xMin = points.get(0).step();
    double xMax = points.get(points.size() - 1).step();
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (HistoryPoint p : points) {
        double v = s.value().applyAsDouble(p);
        if (Double.isFinite(v)) {
          yMin = Math.min(yMin, v);
          yMax = Math.max(yMax, v);
        }
      }
    }
    if (!Double.isFinite(yMin)) {
      yMin = 0;
      yMax = 1;
    }
    if (fromZero) {
      yMin = Math.min(0, yMin); // rates read honestly only against zero
    }
    double[] yTicks = ticks(yMin, yMax, 5);
    yMin = Math.min(yMin, yTicks[0]);
    yMax = Math.max(yMax, yTicks[yTicks.length - 1]);
    if (yMax == yMin) {
      yMax = yMin + 1;
    }
    if (xMax == xMin) {
      xMin -= 1;
      xMax += 1;
    }
    double[] xTicks = ticks(xMin, xMax, 6);
    final double x0 = xMin;
    final double x1 = xMax;
    final double y0 = yMin;
    final double y1 = yMax;
    java.util.function.DoubleUnaryOperator sx = x -> LEFT + (x - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    java.util.function.DoubleUnaryOperator sy = y -> TOP + (1 - (y - y0) / (y1 - y0)) * (H - TOP - BOTTOM);

    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" id=\"chart-").append(id).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" role=\"img\" aria-label=\"").append(id).append(" over steps\" xmlns=\"http://www.w3.org/2000/svg\">");
    for (double t : yTicks) {
      if (t < y0 || t > y1) {
        continue;
      }
      double y = sy.applyAsDouble(t);
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT, W - RIGHT, y, y));
      s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 8, y + 4, tickLabel(t)));
    }
    for (double t : xTicks) {
      if (t < x0 || t > x1) {
        continue;
      }
      double x = sx.applyAsDouble(t);
      s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x, x, H - BOTTOM, H - BOTTOM + 5));
      s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, H - BOTTOM + 18, tickLabel(t)));
    }
    s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", LEFT, W - RIGHT, H - BOTTOM, H - BOTTOM));
    s.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>", (LEFT + W - RIGHT) / 2, H - 4));
    for (Series se : series) {
      List<String> pts = new ArrayList<>();
      StringBuilder dots = new StringBuilder();
      for (HistoryPoint p : points) {
        double v = se.value().applyAsDouble(p);
        if (!Double.isFinite(v)) {
          continue;
        }
        double x = sx.applyAsDouble(p.step());
        double y = sy.applyAsDouble(v);
        pts.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        dots.append(String.format(Locale.ROOT,
            "<circle class=\"pt %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s · step %d: %s</title></circle>",
            cssName(se.name()), x, y, se.color(), esc(se.name()), p.step(), num(v)));
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(se.color()).append("\" points=\"")
          .append(String.join(" ", pts)).append("\"/>").append(dots);
    }
    int lx = LEFT;
    for (Series se : series) {
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" rx=\"2\" fill=\"%s\"/>", lx, 6, se.color()));
      s.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>", lx + 18, 16, esc(se.name())));
      lx += 30 + 8 * se.name().length();
    }
    s.append("</svg>");
    return s.toString();
  }

  /** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
  static double[] ticks(double lo, double hi, int target) {
    if (hi <= lo) {
      return new double[] {lo};
    }
    double raw = (hi - lo) / target;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    double first = Math.floor(lo / step) * step;
    double last = Math.ceil(hi / step) * step;
    int n = (int) Math.round((last - first) / step) + 1;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = first + i * step;
    }
    return t;
  }

  private static String tickLabel(double v) {
    if (Math.abs(v) >= 10000) {
      return human((long) v);
    }
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
  }

  // ---------------------------------------------------------------- formatting

  private static void card(StringBuilder h, String label, String value, String detail) {
    h.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
        .append(esc(value)).append("</div><div class=\"detail\">").append(esc(detail)).append("</div></div>");
  }

  private static String short3(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : String.valueOf(v);
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : String.valueOf(v);
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String human(long n) {
    if (n < 10_000) {
      return Long.toString(n);
    }
    String[] units = {"k", "M", "G", "T"};
    double v = n;
    int u = -1;
    while (Math.abs(v) >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f%s", v, units[u]);
  }

  private static String cssName(String s) {
    return s.replaceAll("[^A-Za-z0-9]", "-");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      :root{--bg:#f6f7fb;--fg:#111827;--muted:#6b7280;--panel:#fff;--line:#e5e7eb}
      *{box-sizing:border-box}body{margin:0;padding:24px 32px;background:var(--bg);color:var(--fg);
      font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1180px}
      header h1{margin:0;font-size:22px;font-weight:650}header h1 span{color:#2563eb}
      .sub{margin:2px 0 18px;color:var(--muted)}
      .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-bottom:16px}
      .card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
      .card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
      .card .value{font-size:18px;font-weight:600;margin-top:2px;white-space:nowrap}
      .card .detail{color:var(--muted);font-size:12px;margin-top:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
      .panel{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:14px 18px;margin-bottom:16px}
      .panel h2{margin:0 0 8px;font-size:15px}
      .chart{width:100%;height:auto}.grid{stroke:#eef0f4}.axis{stroke:#9ca3af}
      .tick{font-size:11px;fill:var(--muted)}.label{font-size:12px;fill:var(--muted)}.legend{font-size:12px;fill:var(--fg)}
      table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
      th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
      th{font-size:12px;color:var(--muted);font-weight:600}.n{text-align:right}
      tr.retired td{color:#9ca3af}a{color:#2563eb;text-decoration:none}a:hover{text-decoration:underline}
      .tag{background:#dbeafe;color:#1d4ed8;border-radius:6px;padding:1px 6px;font-size:11px;font-weight:600}
      .muted{color:var(--muted)}footer{color:var(--muted);font-size:12px}
      code{background:#eef2ff;padding:2px 5px;border-radius:4px}
      """;
}
