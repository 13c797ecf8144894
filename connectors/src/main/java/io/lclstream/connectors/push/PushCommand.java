package io.lclstream.connectors.push;

import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.kafka.Topics;
import io.lclstream.connectors.read.Format;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code push} command: converts inputs to documents and produces them to Kafka. */
@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Converts web pages to interleaved documents and produces them to Kafka.",
        "Inputs: WARC files (.warc, .warc.gz), folders of HTML (a mirrored site), MMC4 or OBELICS",
        "JSON lines, or our own JSON lines; .gz is read transparently and --format auto tells them",
        "apart by content. Bad records are counted by reason (and sent to the rejected topic);",
        "the rest of the file still goes."},
    footer = {"", "Examples:",
        "  bin/lcl push --bootstrap localhost:9092 data/sample/gimp-help.warc.gz",
        "  bin/lcl push --dry-run --json mmc4-shard.jsonl.gz --images mmc4-images/"})
public final class PushCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (required unless --dry-run).")
  String bootstrap;

  @Option(names = "--topic", paramLabel = "NAME", defaultValue = Topics.PAGES,
      description = "Topic for documents (default: ${DEFAULT-VALUE}); created when missing.")
  String topic;

  @Option(names = "--rejected-topic", paramLabel = "NAME", defaultValue = Topics.PAGES_REJECTED,
      description = "Topic for rejected inputs with their reason (default: ${DEFAULT-VALUE}).")
  String rejectedTopic;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
      description = "auto|warc|html|mmc4|obelics|json (default: ${DEFAULT-VALUE}: detected from each file's content).")
  Format format;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Folder holding MMC4 images by image_name: found images travel inline, others by raw_url.")
  Path images;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Stop after N pages (default: no limit).")
  long limit;

  @Option(names = "--dry-run", description = "Convert and validate only; needs no broker.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout.")
  boolean json;

  @Option(names = "--max-bytes", paramLabel = "BYTES", defaultValue = "" + DocumentJson.DEFAULT_MAX_BYTES,
      description = "Largest document in bytes of JSON (default: ${DEFAULT-VALUE}, 16 MiB); larger pages are"
          + " rejected as doc.too_large. Also sets the producer's max.request.size and the topics' max.message.bytes.")
  int maxBytes;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "-1",
      description = "Partitions of the topic when push creates it (default: the broker's num.partitions).")
  int partitions;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Files or folders to push.")
  List<Path> inputs;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PushOptions.Builder builder = PushOptions.builder()
        .setBootstrap(bootstrap).optTopic(topic).optRejectedTopic(rejectedTopic).optFormat(format)
        .optImagesDir(images).optLimit(limit).optDryRun(dryRun).optMaxDocumentBytes(maxBytes)
        .optPartitions(partitions);
    PushOptions options;
    try {
      options = builder.build();
    } catch (IllegalArgumentException e) {
      err.println("lcl push: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    // A bar needs a terminal; without one (logs, CI) a status line every few seconds is kinder.
    ProgressBar bar = noProgress || System.console() == null ? null : progressBar();
    if (bar != null) {
      options = withBar(builder, bar).build();
    } else if (!noProgress) {
      options = withStatusLines(builder, err).build();
    }
    try {
      PushSummary summary;
      try {
        summary = Pusher.push(inputs, options);
      } finally {
        if (bar != null) {
          bar.close();
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? summary.toJson() : summary.toText());
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (PushException e) {
      err.println("lcl push: " + e.getMessage());
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  private static ProgressBar progressBar() {
    return new ProgressBarBuilder().setTaskName("push").setInitialMax(-1).setUnit(" pages", 1)
        .setUpdateIntervalMillis(250).showSpeed().hideEta()
        .setConsumer(new InteractiveConsoleProgressBarConsumer(System.err))
        .build();
  }

  private static PushOptions.Builder withBar(PushOptions.Builder builder, ProgressBar bar) {
    return builder.optListener(new PushListener() {
      @Override
      public void inputStarted(Path input) {
        bar.setExtraMessage(" " + input.getFileName());
      }

      @Override
      public void progress(PushSummary s) {
        bar.stepTo(s.pages());
        bar.setExtraMessage(String.format(" img %d (%d inline) %.1f MB rej %d",
            s.images(), s.imagesInline(), s.bytes() / 1e6, s.rejectedTotal()));
      }
    });
  }

  private static PushOptions.Builder withStatusLines(PushOptions.Builder builder, PrintWriter err) {
    return builder.optListener(new PushListener() {
      private long last = System.nanoTime();

      @Override
      public void inputStarted(Path input) {
        err.println("push: reading " + input);
        err.flush();
      }

      @Override
      public void progress(PushSummary s) {
        long now = System.nanoTime();
        if (now - last >= 5_000_000_000L) {
          last = now;
          err.println(String.format("push: %d pages, %d images (%d inline), %.1f MB, %d rejected",
              s.pages(), s.images(), s.imagesInline(), s.bytes() / 1e6, s.rejectedTotal()));
          err.flush();
        }
      }
    });
  }

  /** Accepts format names in any case and lists the valid ones otherwise. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Runs {@code push} on its own, for a quick try with {@code java -cp}; {@code bin/lcl push} is the real entry. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PushCommand()).execute(args));
  }
}
