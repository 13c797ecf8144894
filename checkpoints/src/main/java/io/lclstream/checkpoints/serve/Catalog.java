package io.lclstream.checkpoints.serve;

import io.lclstream.checkpoints.store.Json;
import io.lclstream.checkpoints.store.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB catalog of every snapshot ever published: manifests keyed by step, kept after
 * retention deletes the files, so the loss curve survives retention.
 *
 * <p>Server-side only: this class loads {@code org.rocksdb}, which must never share a JVM with
 * Flink (whose own RocksDB uses the same package). Thread-safe (RocksDB is).
 */
public final class Catalog implements AutoCloseable {

  private final Path dir;
  private final Options options;
  private final RocksDB db;
  private final WriteOptions syncWrites;

  private Catalog(Path dir, Options options, RocksDB db) {
    this.dir = dir;
    this.options = options;
    this.db = db;
    this.syncWrites = new WriteOptions().setSync(true);
  }

  /** Opens (creating if needed) the catalog in {@code dir}; one server per catalog. */
  public static Catalog open(Path dir) {
    RocksDB.loadLibrary();
    Options options = new Options().setCreateIfMissing(true).setMaxOpenFiles(64).setKeepLogFileNum(2);
    try {
      Files.createDirectories(dir);
      return new Catalog(dir, options, RocksDB.open(options, dir.toString()));
    } catch (RocksDBException | IOException e) {
      options.close();
      String why = e.getMessage() != null && e.getMessage().contains("lock") ? " (is another `lcl serve` running on this store?)" : "";
      throw new IllegalStateException("Cannot open the checkpoint catalog " + dir + ": " + e.getMessage() + why
          + "; stop the other server, or delete " + dir + " to rebuild it from the snapshots still in the store", e);
    }
  }

  /** Records a published manifest; returns whether it was new. */
  public boolean add(Manifest m) {
    byte[] key = key(m.step(), m.id());
    try {
      if (db.get(key) != null) {
        return false;
      }
      db.put(syncWrites, key, Json.MAPPER.writeValueAsBytes(m));
      return true;
    } catch (RocksDBException | IOException e) {
      throw new IllegalStateException("Cannot record " + m.id() + " in the catalog " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Every manifest ever recorded, by step. */
  public List<Manifest> all() {
    List<Manifest> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(Json.MAPPER.readValue(it.value(), Manifest.class));
      }
    } catch (IOException e) {
      throw new IllegalStateException("The catalog " + dir + " holds an unreadable manifest: " + e.getMessage(), e);
    }
    return out;
  }

  public int size() {
    int n = 0;
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }

  /** Big-endian step first so that RocksDB's byte order is step order; the id breaks ties. */
  private static byte[] key(long step, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + idBytes.length).putLong(step).put(idBytes).array();
  }

  @Override
  public void close() {
    syncWrites.close();
    db.close();
    options.close();
  }
}
