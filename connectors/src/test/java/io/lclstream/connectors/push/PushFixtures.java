package io.lclstream.connectors.push;

import io.lclstream.connectors.warc.WarcFixtures;
import io.lclstream.connectors.warc.WarcFixtures.Resp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small inputs of every format for push tests; the expected counts are stated next to them. */
final class PushFixtures {
  private PushFixtures() {}

  /** 2 pages, 3 images (2 inline, 1 by reference), 1 rejected (doc.no_segments). */
  static Path warc(Path dir) throws IOException {
    return WarcFixtures.write(dir.resolve("crawl.warc.gz"), true, List.of(
        Resp.html("http://s.test/1.html", "<p>one</p><img src='a.png'><img src='http://elsewhere.test/z.jpg'>"),
        Resp.html("http://s.test/empty.html", "<nav>nothing else</nav>"),
        Resp.image("http://s.test/a.png", WarcFixtures.png(400, 1)),
        Resp.html("http://s.test/2.html", "<h1>two</h1><img src='b.png'>"),
        Resp.image("http://s.test/b.png", WarcFixtures.png(300, 2))));
  }

  /** 2 pages, 2 images by reference, 2 rejected (json.malformed, doc.bad_field). */
  static Path mmc4(Path dir) throws IOException {
    return Files.writeString(dir.resolve("mmc4.jsonl"), String.join("\n",
        "{\"url\":\"http://m.test/1\",\"text_list\":[\"A.\",\"B.\"],\"image_info\":[{\"raw_url\":\"http://m.test/1.jpg\",\"matched_text_index\":1,\"matched_sim\":0.3}]}",
        "not json at all",
        "{\"url\":\"http://m.test/2\",\"text_list\":[\"A.\"],\"image_info\":[{\"raw_url\":\"http://m.test/2.jpg\",\"matched_text_index\":9}]}",
        "{\"url\":\"http://m.test/3\",\"text_list\":[\"C.\"],\"image_info\":[{\"raw_url\":\"http://m.test/3.jpg\",\"matched_text_index\":0}]}"));
  }

  /** 1 page, 1 image by reference. */
  static Path obelics(Path dir) throws IOException {
    return Files.writeString(dir.resolve("obelics.jsonl"),
        "{\"images\":[\"https://o.test/a.jpg\",null],\"texts\":[null,\"Text.\"],\"metadata\":\"[]\",\"general_metadata\":\"{\\\"url\\\":\\\"https://o.test/p\\\"}\"}\n");
  }
}
