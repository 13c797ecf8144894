package io.lclstream.flink.pack;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.token.ByteTokenizer;
import io.lclstream.model.token.Tokenizer;
import io.lclstream.model.token.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the model config and tokenizer the job's settings name, the same way in every stage. */
public final class ModelFactory {
  private ModelFactory() {}

  /** A preset name ({@link LclConfig#PRESETS}) or the path of a model config JSON file. */
  public static LclConfig modelConfig(JobConfig.Train train) {
    String preset = train.preset();
    if (LclConfig.PRESETS.contains(preset)) {
      return LclConfig.preset(preset);
    }
    Path file = Path.of(preset);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Invalid value " + preset + " for configuration model.preset: "
          + "neither a preset " + LclConfig.PRESETS + " nor a readable model config JSON file.");
    }
    try {
      return LclConfig.fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model config " + file, e);
    }
  }

  /** {@code byte} or the path of a local Hugging Face tokenizer.json. */
  public static Tokenizer tokenizer(JobConfig.Train train) {
    if ("byte".equals(train.tokenizer())) {
      return new ByteTokenizer();
    }
    try {
      return Tokenizers.load(Path.of(train.tokenizer()));
    } catch (IOException e) {
      throw new IllegalArgumentException("Invalid value " + train.tokenizer() + " for configuration model.tokenizer: "
          + e.getMessage() + ". Use 'byte' or the path of a local tokenizer.json.", e);
    }
  }
}
