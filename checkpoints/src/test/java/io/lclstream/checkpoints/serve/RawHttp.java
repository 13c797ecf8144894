package io.lclstream.checkpoints.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends a request line exactly as written (no client-side normalisation of {@code ..} or escapes). */
final class RawHttp {

  record Response(int status, String head, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  static Response get(int port, String rawTarget, String... headers) throws IOException {
    return request(port, "GET", rawTarget, headers);
  }

  static Response request(int port, String method, String rawTarget, String... headers) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      StringBuilder req = new StringBuilder(method + " " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      byte[] bytes = all.toByteArray();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int split = text.indexOf("\r\n\r\n");
      if (split < 0) {
        return new Response(-1, text, new byte[0]);
      }
      String head = text.substring(0, split);
      int status = Integer.parseInt(head.split(" ")[1]);
      byte[] body = java.util.Arrays.copyOfRange(bytes, split + 4, bytes.length);
      if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      return new Response(status, head, body);
    }
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < b.length) {
      int eol = i;
      while (eol + 1 < b.length && !(b[eol] == '\r' && b[eol + 1] == '\n')) {
        eol++;
      }
      int len = Integer.parseInt(new String(b, i, eol - i, StandardCharsets.ISO_8859_1).trim(), 16);
      if (len == 0) {
        break;
      }
      out.write(b, eol + 2, len);
      i = eol + 2 + len + 2;
    }
    return out.toByteArray();
  }

  private RawHttp() {}
}
