package io.lclstream.flink.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned binary form of {@link StagedSnapshot}. */
public final class StagedSnapshotSerializer implements SimpleVersionedSerializer<StagedSnapshot> {
  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(StagedSnapshot s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(s.stagedId());
      out.writeLong(s.step());
    }
    return bytes.toByteArray();
  }

  @Override
  public StagedSnapshot deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException("Unknown staged-snapshot committable version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return new StagedSnapshot(in.readUTF(), in.readLong());
    }
  }
}
