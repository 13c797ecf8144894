package io.lclstream.checkpoints.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * flink-jobs uses the store, pull and checkpoints-command classes with rocksdbjni excluded (it must
 * never share a JVM with Flink's RocksDB): none of those classes may refer to {@code org.rocksdb}.
 */
class NoRocksDbInTheLibraryTest {

  @Test
  void classesLoadedNextToFlinkNeverReferToRocksDb() throws Exception {
    Path classes = Path.of(StoreFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolveSibling("classes").resolve("io/lclstream/checkpoints");
    List<Path> checked = Stream.of("store", "pull", "cli").flatMap(p -> list(classes.resolve(p))).toList();
    checked = Stream.concat(checked.stream(), Stream.of(classes.resolve("serve/TokenFiles.class"))).toList();
    assertThat(checked).hasSizeGreaterThan(15);
    for (Path c : checked) {
      String constantPool = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
      assertThat(constantPool).as(c.toString()).doesNotContain("org/rocksdb").doesNotContain("serve/Catalog")
          .doesNotContain("serve/CheckpointServer");
    }
    // The server classes, on the other hand, do use it.
    assertThat(new String(Files.readAllBytes(classes.resolve("serve/Catalog.class")), StandardCharsets.ISO_8859_1)).contains("org/rocksdb");
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".class")).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
