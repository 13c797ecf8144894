package io.lclstream.connectors.warc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

/** Writes small WARC files for tests, the way wget does: a request then a response per URL. */
public final class WarcFixtures {
  private WarcFixtures() {}

  public record Resp(String url, int status, String contentType, byte[] body, Instant date) {
    public static Resp html(String url, String html) {
      return new Resp(url, 200, "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8),
          Instant.parse("2024-05-01T12:00:00Z"));
    }

    public static Resp image(String url, byte[] bytes) {
      return new Resp(url, 200, "image/png", bytes, Instant.parse("2024-05-01T12:00:01Z"));
    }
  }

  public static Path write(Path file, boolean gzip, List<Resp> responses) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        WarcWriter writer = new WarcWriter(ch, gzip ? WarcCompression.GZIP : WarcCompression.NONE)) {
      for (Resp r : responses) {
        String req = "GET " + java.net.URI.create(r.url()).getRawPath() + " HTTP/1.1\r\nHost: "
            + java.net.URI.create(r.url()).getHost() + "\r\n\r\n";
        writer.write(new WarcRequest.Builder(r.url()).date(r.date())
            .body(MediaType.HTTP_REQUEST, req.getBytes(StandardCharsets.US_ASCII)).build());
        ByteArrayOutputStream http = new ByteArrayOutputStream();
        String head = "HTTP/1.1 " + r.status() + " X\r\n"
            + (r.contentType() == null ? "" : "Content-Type: " + r.contentType() + "\r\n")
            + "Content-Length: " + r.body().length + "\r\n\r\n";
        http.write(head.getBytes(StandardCharsets.US_ASCII));
        http.write(r.body());
        writer.write(new WarcResponse.Builder(r.url()).date(r.date())
            .body(MediaType.HTTP_RESPONSE, http.toByteArray()).build());
      }
    }
    return file;
  }

  /** Bytes that start like a PNG, so MIME sniffing says image/png. */
  public static byte[] png(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    b[0] = (byte) 0x89;
    b[1] = 'P';
    b[2] = 'N';
    b[3] = 'G';
    return b;
  }
}
