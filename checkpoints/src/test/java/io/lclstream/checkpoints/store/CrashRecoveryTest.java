package io.lclstream.checkpoints.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a publishing child JVM at every step of the protocol and checks that reopening the store
 * leaves it consistent: {@code LATEST} names the old or the new snapshot, whole and verified.
 */
class CrashRecoveryTest {

  @TempDir Path dir;

  static Stream<String> crashPoints() {
    return CrashPoints.ALL.stream();
  }

  @ParameterizedTest(name = "crash at {0}")
  @MethodSource("crashPoints")
  void aCrashAtAnyPublishingStepLeavesAConsistentStore(String point) throws Exception {
    StoreFixture.build(dir, 2, 1, RetentionPolicy.of(2, 0), 16 * 1024);
    Result child = runChild(point, 3);
    assertThat(child.exitCode).as("child output: %s", child.output).isEqualTo(CrashPoints.EXIT_CODE);
    String stagedId = child.output.lines().findFirst().orElseThrow();
    int at = CrashPoints.ALL.indexOf(point);
    boolean sealed = at >= CrashPoints.ALL.indexOf(CrashPoints.SEALED);
    boolean renamed = at >= CrashPoints.ALL.indexOf(CrashPoints.PUBLISH_RENAMED);

    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(2, 0))) {
      String latest = store.latestId().orElseThrow();
      assertThat(latest).isIn("ckpt-000000002", "ckpt-000000003");
      // A crash after the rename finishes the publish on open; before it, the old one stays.
      assertThat(latest).isEqualTo(renamed ? "ckpt-000000003" : "ckpt-000000002");
      for (Manifest m : store.list()) {
        assertThat(store.verify(m.id()).failures()).as(m.id()).isEmpty();
      }
      assertThat(store.list()).hasSizeLessThanOrEqualTo(2);
      assertThat(store.stagedIds()).isEqualTo(sealed && !renamed ? List.of(stagedId) : List.of());
      assertThat(leftovers()).isEmpty();

      // The committer re-publishes after failover: completes the publish, or is a no-op.
      if (sealed) {
        Manifest m = store.publish(stagedId);
        assertThat(m.id()).isEqualTo("ckpt-000000003");
        assertThat(m.parent()).isEqualTo("ckpt-000000002");
        assertThat(store.latestId()).contains("ckpt-000000003");
      } else {
        assertThatThrownBy(() -> store.publish(stagedId)).hasMessageContaining("neither");
      }
      new StoreFixture(99, 1024).publish(store, 4);
      assertThat(store.latestId()).contains("ckpt-000000004");
      // Retention kept the last two: the re-published 3 (or 2 when 3 was never sealed) and 4.
      assertThat(store.list()).extracting(Manifest::step).containsExactly(sealed ? 3L : 2L, 4L);
    }
  }

  @Test
  void theChildPublishesWhenNoCrashPointIsSet() throws Exception {
    StoreFixture.build(dir, 2, 1, RetentionPolicy.of(2, 0), 16 * 1024);
    Result child = runChild(null, 3);
    assertThat(child.exitCode).as(child.output).isZero();
    try (SnapshotStore store = SnapshotStore.openReadOnly(dir)) {
      assertThat(store.latestId()).contains("ckpt-000000003");
    }
  }

  /** Names a crash can leave behind that a reopened store must have cleaned. */
  private List<String> leftovers() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.map(p -> dir.relativize(p).toString())
          .filter(n -> n.contains(".tmp-") || (n.startsWith(".trash/")))
          .forEach(out::add);
    }
    try (Stream<Path> s = Files.list(dir.resolve(".staging"))) {
      s.filter(p -> !Files.exists(p.resolve("manifest.json"))).forEach(p -> out.add("unsealed " + p));
    }
    return out;
  }

  private record Result(int exitCode, String output) {}

  private Result runChild(String crashPoint, long step) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-cp", cp));
    if (crashPoint != null) {
      cmd.add("-D" + CrashPoints.PROPERTY + "=" + crashPoint);
    }
    cmd.addAll(List.of(CrashChild.class.getName(), dir.toString(), Long.toString(step)));
    Path out = Files.createTempFile(dir.getParent(), "crash-child", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("crash child did not finish: " + Files.readString(out));
    }
    return new Result(p.exitValue(), Files.readString(out));
  }

}
