package io.lclstream.flink.image;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns turning each image segment's bytes into model pixels: header probe (bomb guard), size filter on the header,
 * decode, resize and centre-crop, then {@link PageSegment#withPixels}. Images that fail are removed from the page
 * and counted by reason; the page itself always goes on.
 */
public class ImageDecodingFunction extends ProcessFunction<Page, Page> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ImageDecodingFunction.class);

  private final JobConfig.Images settings;
  private final int imageSize;

  private transient Rules rules;
  private transient ImageStage.Counters counters;
  private transient Counter decoded;

  public ImageDecodingFunction(JobConfig.Images settings, int imageSize) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.imageSize = imageSize;
  }

  /** The image rules of one subtask, built from the settings. */
  public record Rules(long maxBytes, ImageProbe probe, ImageFilter filter, ImageDecoder decoder, ImageResizer resizer) {
    public static Rules of(JobConfig.Images settings, int imageSize) {
      ImageProbe probe = new ImageProbe(settings.maxPixels());
      // Subsample while decoding down to twice the model's size at most: resizing still averages pixels.
      return new Rules(settings.maxBytes(), probe,
          new ImageFilter(settings.minSide(), settings.minAspect(), settings.maxAspect()),
          new ImageDecoder(probe, 2 * imageSize), new ImageResizer(imageSize));
    }
  }

  @Override
  public void open(OpenContext openContext) {
    rules = Rules.of(settings, imageSize);
    counters = new ImageStage.Counters(getRuntimeContext().getMetricGroup());
    decoded = counters.counter(ImageStage.DECODED);
  }

  @Override
  public void processElement(Page page, Context ctx, Collector<Page> out) {
    List<PageSegment> kept = new ArrayList<>(page.segments().length);
    boolean changed = false;
    for (PageSegment s : page.segments()) {
      if (!s.image() || s.decoded()) {
        kept.add(s);
        continue;
      }
      changed = true;
      Outcome outcome = decode(s, rules);
      if (outcome.pixels() != null) {
        kept.add(outcome.pixels());
        decoded.inc();
      } else {
        counters.failed(outcome.rejection().reason()).inc();
        LOG.debug("Image {} removed from page {}: {} ({})", s.url(), page.id(), outcome.rejection().reason(),
            outcome.rejection().detail());
      }
    }
    out.collect(changed ? page.withSegments(kept) : page);
  }

  /** The decoded segment, or why the image was refused; exactly one is non-null. */
  public record Outcome(PageSegment pixels, ImageRejection rejection) {}

  /** Decodes one undecoded image segment; no Flink involved. */
  public static Outcome decode(PageSegment segment, Rules rules) {
    byte[] bytes = segment.data();
    if (bytes == null) {
      return rejected(ImageReasons.FETCH_BAD_URL, "image segment has neither data nor a fetchable url (url="
          + segment.url() + ")");
    }
    if (bytes.length > rules.maxBytes()) {
      return rejected(ImageReasons.TOO_LARGE, bytes.length + " bytes > image.max-bytes=" + rules.maxBytes());
    }
    ImageProbe.ProbeResult header = rules.probe().probe(bytes);
    if (header instanceof ImageProbe.Rejected r) {
      return new Outcome(null, r.rejection());
    }
    ImageProbe.Probed probed = (ImageProbe.Probed) header;
    Optional<ImageRejection> refused = rules.filter().check(probed.width(), probed.height());
    if (refused.isPresent()) {
      return new Outcome(null, refused.get());
    }
    ImageDecoder.DecodeResult result = rules.decoder().decode(bytes, probed);
    if (result instanceof ImageDecoder.Rejected r) {
      return new Outcome(null, r.rejection());
    }
    ImageDecoder.Decoded image = (ImageDecoder.Decoded) result;
    byte[] rgb = rules.resizer().toRgbBytes(image.image());
    return new Outcome(segment.withPixels(rgb, rules.resizer().size()), null);
  }

  private static Outcome rejected(String reason, String detail) {
    return new Outcome(null, new ImageRejection(reason, detail));
  }
}
