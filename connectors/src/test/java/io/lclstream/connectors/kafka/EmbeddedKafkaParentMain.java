package io.lclstream.connectors.kafka;

import java.nio.file.Path;

/** A parent JVM for {@link EmbeddedKafkaIT}: starts a broker, prints its pid, then waits to be killed. */
public final class EmbeddedKafkaParentMain {
  private EmbeddedKafkaParentMain() {}

  public static void main(String[] args) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]));
    System.out.println("child-pid=" + kafka.childPid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
