package io.lclstream.flink.train;

import io.lclstream.flink.pack.LclSample;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary form of {@link LclSample} inside the training sink's checkpointed state. */
final class SampleCodec {
  private SampleCodec() {}

  static void write(LclSample s, DataOutput out) throws IOException {
    out.writeUTF(s.id());
    out.writeLong(s.kafkaTimestamp());
    writeInts(s.tokens(), out);
    writeInts(s.soiPositions(), out);
    out.writeInt(s.imageCount());
    out.writeInt(s.pixels().length);
    out.write(s.pixels());
  }

  static LclSample read(DataInput in) throws IOException {
    String id = in.readUTF();
    long timestamp = in.readLong();
    int[] tokens = readInts(in);
    int[] soi = readInts(in);
    int imageCount = in.readInt();
    byte[] pixels = new byte[checkedLength(in.readInt())];
    in.readFully(pixels);
    return new LclSample(id, timestamp, tokens, soi, pixels, imageCount);
  }

  private static void writeInts(int[] values, DataOutput out) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInput in) throws IOException {
    int[] values = new int[checkedLength(in.readInt())];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  private static int checkedLength(int n) throws IOException {
    if (n < 0 || n > (1 << 28)) {
      throw new IOException("Corrupt training-sink state: array length " + n);
    }
    return n;
  }
}
