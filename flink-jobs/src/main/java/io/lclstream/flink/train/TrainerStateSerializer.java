package io.lclstream.flink.train;

import io.lclstream.flink.pack.LclSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned binary form of {@link TrainerState}. */
public final class TrainerStateSerializer implements SimpleVersionedSerializer<TrainerState> {
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(TrainerState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(state.snapshot() != null);
      if (state.snapshot() != null) {
        out.writeUTF(state.snapshot());
      }
      writeSamples(state.replay(), out);
      writeSamples(state.pending(), out);
    }
    return bytes.toByteArray();
  }

  @Override
  public TrainerState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Unknown training-sink state version " + version + " (this build reads " + VERSION
          + "); restore with the lcl-stream version that wrote the checkpoint.");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      String snapshot = in.readBoolean() ? in.readUTF() : null;
      return new TrainerState(snapshot, readSamples(in), readSamples(in));
    }
  }

  private static void writeSamples(List<LclSample> samples, DataOutputStream out) throws IOException {
    out.writeInt(samples.size());
    for (LclSample s : samples) {
      SampleCodec.write(s, out);
    }
  }

  private static List<LclSample> readSamples(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<LclSample> samples = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      samples.add(SampleCodec.read(in));
    }
    return samples;
  }
}
