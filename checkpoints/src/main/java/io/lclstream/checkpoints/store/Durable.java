package io.lclstream.checkpoints.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;

/** File-system steps that survive a power cut: fsync of files and folders, write-temp-then-rename, hashing. */
public final class Durable {

  private Durable() {}

  /** Flushes a file's data and metadata to the device. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      c.force(true);
    }
  }

  /**
   * Flushes a folder, so that the names created, renamed or deleted in it are durable; a rename
   * is only durable once its folder is fsynced.
   */
  public static void fsyncDir(Path dir) throws IOException {
    try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException e) {
      // Some file systems (and non-Linux JDKs) cannot open a folder as a channel: nothing to flush there.
      if (Files.isDirectory(dir)) {
        return;
      }
      throw e;
    }
  }

  /**
   * Replaces {@code target} with {@code bytes} atomically: readers see the old or the new content,
   * never a mix. {@code crashPoint} (may be null) is reached after the temporary file is durable.
   */
  public static void writeAtomically(Path target, byte[] bytes, String crashPoint) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      fsync(tmp);
      if (crashPoint != null) {
        CrashPoints.reached(crashPoint);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    fsyncDir(target.getParent());
  }

  /** SHA-256 of a file's content, lowercase hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = SampleDigest.newSha256();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return SampleDigest.hexOf(md.digest());
  }

  /** Deletes a folder and everything under it, without following symlinks; absent is fine. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
