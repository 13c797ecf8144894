package io.lclstream.flink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.kafka.Topics;
import io.lclstream.flink.config.JobOptions;
import io.lclstream.flink.job.LclJob;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks docker/ offline, where no Docker engine runs: what {@code docker compose up} would only
 * find out at deploy time (a missing Dockerfile, a volume mounted at two paths, a port that does
 * not line up, a jar name that drifted from the Maven build, a job key that does not exist).
 */
class ComposeFileTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Path root;
  private static Path docker;
  private static JsonNode services;
  private static JsonNode gpuServices;
  private static JsonNode volumes;
  private static String projectVersion;
  private static Map<String, String> pomProperties;
  private static String jobArtifactId;
  private static String jobClassifier;

  @BeforeAll
  static void load() throws Exception {
    root = repositoryRoot();
    docker = root.resolve("docker");
    JsonNode compose = YAML.readTree(docker.resolve("compose.yaml").toFile());
    services = compose.required("services");
    volumes = compose.path("volumes");
    gpuServices = YAML.readTree(docker.resolve("compose.gpu.yaml").toFile()).required("services");

    Document rootPom = xml(root.resolve("pom.xml"));
    projectVersion = child(rootPom.getDocumentElement(), "version").getTextContent().trim();
    pomProperties = new LinkedHashMap<>();
    for (Node n = child(rootPom.getDocumentElement(), "properties").getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        pomProperties.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    Document jobPom = xml(root.resolve("flink-jobs/pom.xml"));
    jobArtifactId = child(jobPom.getDocumentElement(), "artifactId").getTextContent().trim();
    jobClassifier = jobPom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().trim();
  }

  @Test
  void everyServiceHasAnImageOrABuildWhoseContextAndDockerfileExist() {
    for (JsonNode all : List.of(services, gpuServices)) {
      all.fields().forEachRemaining(entry -> {
        String name = entry.getKey();
        JsonNode service = entry.getValue();
        JsonNode build = service.path("build");
        assertThat(service.has("image") || !build.isMissingNode()).as("service %s has an image or a build", name).isTrue();
        if (!build.isMissingNode()) {
          Path context = docker.resolve(build.required("context").asText()).normalize();
          assertThat(context).as("build context of %s", name).isDirectory();
          assertThat(context.resolve(build.required("dockerfile").asText())).as("Dockerfile of %s", name).isRegularFile();
          assertThat(build.path("args").path("LCL_VERSION").asText()).as("LCL_VERSION build arg of %s", name).isEqualTo(projectVersion);
          assertThat(service.path("image").asText()).as("tag of the image %s builds", name).endsWith(":" + projectVersion);
        }
      });
    }
    assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + pomProperties.get("kafka.version"));
    assertThat(services.path("kafka-init").path("image").asText()).isEqualTo("apache/kafka:" + pomProperties.get("kafka.version"));
  }

  @Test
  void everyNamedVolumeIsDeclared() {
    Set<String> declared = new java.util.HashSet<>();
    volumes.fieldNames().forEachRemaining(declared::add);
    services.fields().forEachRemaining(entry -> mounts(entry.getValue()).keySet().forEach(source -> {
      if (!source.startsWith(".") && !source.startsWith("/")) {
        assertThat(declared).as("volume %s of service %s", source, entry.getKey()).contains(source);
      }
    }));
    assertThat(declared).contains("store", "flink-checkpoints", "kafka-data");
  }

  @Test
  void storeIsOneVolumeAtTheSamePathInTaskManagerServerAndJob() {
    String inTaskManager = mounts(services.required("taskmanager")).get("store");
    String inServer = mounts(services.required("checkpoint-server")).get("store");
    assertThat(inTaskManager).isNotNull().isEqualTo(inServer);
    assertThat(option(command(services.required("checkpoint-server")), "--store")).isEqualTo(inServer);
    assertThat(jobArguments().get("store.dir")).isEqualTo(inTaskManager);
    // The sink writes snapshots, the server its catalog: the same uid owns the folder in both images.
    assertThat(dockerfile("Dockerfile.job").text()).contains("mkdir -p " + inTaskManager).contains("chown -R flink:flink " + inTaskManager);
    assertThat(dockerfile("Dockerfile.checkpoints").text()).contains("--uid=9999").contains("mkdir -p " + inServer);
  }

  @Test
  void flinkCheckpointsAreOneVolumeSharedByJobManagerAndTaskManager() {
    String inJobManager = mounts(services.required("jobmanager")).get("flink-checkpoints");
    String inTaskManager = mounts(services.required("taskmanager")).get("flink-checkpoints");
    String inSubmitter = mounts(services.required("job-submitter")).get("flink-checkpoints");
    assertThat(inJobManager).isNotNull().isEqualTo(inTaskManager).isEqualTo(inSubmitter);
    assertThat(jobArguments().get("flink.checkpoint-dir")).isEqualTo("file://" + inTaskManager);
  }

  @Test
  void serverPortAndFlinkUiArePublishedOnTheirContainerPorts() {
    JsonNode server = services.required("checkpoint-server");
    String port = option(command(server), "--port");
    assertThat(option(command(server), "--bind")).isEqualTo("0.0.0.0");
    assertThat(publishedPorts(server)).containsEntry(port, port).containsEntry("8642", "8642");
    assertThat(publishedPorts(services.required("jobmanager"))).containsEntry("8081", "8081");
  }

  @Test
  void kafkaAdvertisesOneListenerInsideTheNetworkAndOnePublishedToTheHost() {
    JsonNode env = services.required("kafka").required("environment");
    Map<String, String> listeners = listenerPorts(env.required("KAFKA_LISTENERS").asText());
    Map<String, String> advertised = listenerAddresses(env.required("KAFKA_ADVERTISED_LISTENERS").asText());
    Map<String, String> published = publishedPorts(services.required("kafka"));
    String internal = env.required("KAFKA_INTER_BROKER_LISTENER_NAME").asText();

    assertThat(advertised).hasSize(2).containsKey(internal);
    advertised.forEach((name, address) -> {
      String host = address.substring(0, address.lastIndexOf(':'));
      String port = address.substring(address.lastIndexOf(':') + 1);
      assertThat(listeners.get(name)).as("listener %s binds the port it advertises", name).isEqualTo(port);
      if (name.equals(internal)) {
        assertThat(host).as("the internal listener is the service name").isEqualTo("kafka");
        assertThat(published).as("the internal listener stays inside the network").doesNotContainValue(port);
      } else {
        assertThat(host).isEqualTo("localhost");
        assertThat(published).as("host port of listener %s", name).containsEntry(port, port);
      }
    });
    assertThat(published).containsEntry("29092", "29092");
    assertThat(env.required("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isEqualTo(env.required("KAFKA_NODE_ID").asText() + "@kafka:" + listeners.get("CONTROLLER"));
    String bootstrap = "kafka:" + listeners.get(internal);
    assertThat(jobArguments().get("kafka.bootstrap")).isEqualTo(bootstrap);
    assertThat(command(services.required("kafka-init")).get(0)).contains("--bootstrap-server " + bootstrap);
  }

  @Test
  void topicsAreCreatedWithRoomForTheLargestPage() {
    String init = command(services.required("kafka-init")).get(0);
    long maxMessageBytes = Topics.maxMessageBytesFor(DocumentJson.DEFAULT_MAX_BYTES);
    assertThat(maxMessageBytes).isEqualTo(16_842_752L);
    assertThat(init).contains("for topic in " + Topics.PAGES + " " + Topics.PAGES_REJECTED + ";").contains("--topic \"$$topic\"")
        .contains("--config max.message.bytes=" + maxMessageBytes);
    assertThat(Topics.PAGES).isEqualTo(JobOptions.KAFKA_TOPIC.defaultValue());
    assertThat(Topics.PAGES_REJECTED).isEqualTo(JobOptions.KAFKA_REJECTED_TOPIC.defaultValue());
    JsonNode env = services.required("kafka").required("environment");
    assertThat(env.required("KAFKA_MESSAGE_MAX_BYTES").asLong()).isEqualTo(maxMessageBytes);
    assertThat(env.required("KAFKA_REPLICA_FETCH_MAX_BYTES").asLong()).isGreaterThanOrEqualTo(maxMessageBytes);
  }

  @Test
  void jobImagesCopyTheJarMavenBuilds() {
    String builtJar = "flink-jobs/target/" + jobArtifactId + "-" + projectVersion + "-" + jobClassifier + ".jar";
    assertThat(builtJar).isEqualTo("flink-jobs/target/lcl-flink-jobs-0.1.0-SNAPSHOT-job.jar");
    for (String name : List.of("Dockerfile.job", "Dockerfile.job-gpu")) {
      Dockerfile file = dockerfile(name);
      assertThat(file.copySources()).as("COPY sources of %s", name).contains(builtJar);
      assertThat(file.copies()).as("%s puts the jar where the submitter runs it", name).containsEntry(builtJar, "/opt/lcl/lcl-job.jar");
    }
    assertThat(readString(docker.resolve("submit-job.sh"))).contains("jar=/opt/lcl/lcl-job.jar");
  }

  @Test
  void checkpointServerImageCopiesTheModuleJarAndRunsServerMain() throws Exception {
    Dockerfile file = dockerfile("Dockerfile.checkpoints");
    assertThat(file.text()).contains("cp checkpoints/target/lcl-checkpoints-" + projectVersion + ".jar /out/lcl-checkpoints.jar");
    Matcher main = Pattern.compile("\"(io\\.lclstream\\.[\\w.]+)\"").matcher(file.instructions("ENTRYPOINT").get(0));
    assertThat(main.find()).isTrue();
    // Loaded without initialising: the class must exist, RocksDB (excluded here) must not load.
    assertThat(Class.forName(main.group(1), false, getClass().getClassLoader()).getName())
        .isEqualTo("io.lclstream.checkpoints.serve.ServerMain");
    // The compose file repeats the image's default CMD, so either one alone starts the same server.
    List<String> imageCommand = List.of(new ObjectMapper().readValue(file.instructions("CMD").get(0), String[].class));
    assertThat(imageCommand).isEqualTo(command(services.required("checkpoint-server")));
  }

  @Test
  void everyCopySourceIsInTheBuildContextAndNotIgnored() throws IOException {
    for (String name : List.of("Dockerfile.job", "Dockerfile.job-gpu", "Dockerfile.checkpoints")) {
      List<String> reincluded = Files.readAllLines(docker.resolve(name + ".dockerignore")).stream()
          .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
      assertThat(Files.readAllLines(docker.resolve(name + ".dockerignore"))).as("%s ignores all by default", name).contains("*");
      for (String source : dockerfile(name).copySources()) {
        assertThat(reincluded.stream().anyMatch(p -> FileSystems.getDefault().getPathMatcher("glob:" + p).matches(Path.of(source))
                || source.startsWith(p + "/") || source.equals(p)))
            .as("COPY %s in %s is re-included by %s.dockerignore %s", source, name, name, reincluded).isTrue();
        if (!source.contains("/target/")) {
          assertThat(root.resolve(source)).as("COPY %s in %s", source, name).exists();
        }
      }
    }
  }

  @Test
  void submitterPassesOnlyKeysTheJobKnowsAndEveryRequiredOne() {
    Map<String, String> arguments = jobArguments();
    Set<String> known = JobOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
    assertThat(arguments).isNotEmpty();
    assertThat(known).containsAll(arguments.keySet());
    assertThat(arguments).containsKeys(JobOptions.KAFKA_BOOTSTRAP.key(), JobOptions.STORE_DIR.key());
    int parallelism = Integer.parseInt(arguments.getOrDefault(JobOptions.PARALLELISM.key(), "1"));
    int slots = Integer.parseInt(flinkProperties(services.required("taskmanager")).get("taskmanager.numberOfTaskSlots"));
    assertThat(slots).as("the one TaskManager has a slot per subtask of the data stages").isGreaterThanOrEqualTo(parallelism);
    assertThat(services.required("job-submitter").required("entrypoint").get(0).asText()).isEqualTo("/opt/lcl/submit-job.sh");
    assertThat(Files.isExecutable(docker.resolve("submit-job.sh"))).isTrue();
    assertThat(readString(docker.resolve("submit-job.sh"))).contains("job_name=" + LclJob.NAME + "\n");
  }

  @Test
  void flinkNodesFindTheJobManagerAndTaskManagersCarryTheNetworkSettingsTheJobNeeds() {
    Map<String, String> tm = flinkProperties(services.required("taskmanager"));
    Map<String, String> jm = flinkProperties(services.required("jobmanager"));
    assertThat(services.required("jobmanager").path("hostname").asText()).isEqualTo("jobmanager");
    assertThat(tm).containsEntry("jobmanager.rpc.address", "jobmanager")
        .containsEntry("taskmanager.network.memory.max-overdraft-buffers-per-gate", "64")
        .containsEntry("taskmanager.network.memory.buffer-debloat.enabled", "true");
    assertThat(jm).containsEntry("jobmanager.rpc.address", "jobmanager");
    assertThat(services.required("jobmanager").required("command").asText()).isEqualTo("jobmanager");
    assertThat(services.required("taskmanager").required("command").asText()).isEqualTo("taskmanager");
  }

  @Test
  void gpuTaskManagerReservesNvidiaGpusAndUsesTheCudaImage() {
    JsonNode tm = gpuServices.required("taskmanager");
    JsonNode devices = tm.path("deploy").path("resources").path("reservations").path("devices");
    assertThat(devices.isArray() && devices.size() > 0).as("device reservations of the GPU TaskManager").isTrue();
    List<String> drivers = new ArrayList<>();
    List<String> capabilities = new ArrayList<>();
    devices.forEach(d -> {
      drivers.add(d.path("driver").asText());
      d.path("capabilities").forEach(c -> capabilities.add(c.asText()));
    });
    assertThat(drivers).containsExactly("nvidia");
    assertThat(capabilities).contains("gpu");
    assertThat(tm.required("build").required("dockerfile").asText()).isEqualTo("docker/Dockerfile.job-gpu");
    assertThat(gpuServices.size()).as("the override only touches the TaskManager").isEqualTo(1);

    Dockerfile gpu = dockerfile("Dockerfile.job-gpu");
    String flavor = gpu.env().get("PYTORCH_FLAVOR");
    assertThat(flavor).isEqualTo("cu128");
    // cu128 natives need a CUDA 12.8 runtime underneath.
    assertThat(gpu.fromImages()).anyMatch(image -> image.startsWith("nvidia/cuda:12.8."));
    assertThat(gpu.text()).contains("ai.djl.pytorch:pytorch-native-" + flavor + ":" + pomProperties.get("pytorch.version") + ":jar:linux-x86_64");
    assertThat(dockerfile("Dockerfile.job").env()).containsEntry("PYTORCH_FLAVOR", "cpu");
  }

  @Test
  void dockerfilesUseTheFlinkJavaPyTorchAndDjlVersionsOfThePom() {
    String flink = pomProperties.get("flink.version");
    String java = pomProperties.get("maven.compiler.release");
    String pytorch = pomProperties.get("pytorch.version");
    String djl = pomProperties.get("djl.version");
    assertThat(flink).isEqualTo("2.2.1");
    assertThat(java).isEqualTo("17");
    for (String name : List.of("Dockerfile.job", "Dockerfile.job-gpu", "Dockerfile.checkpoints")) {
      Dockerfile file = dockerfile(name);
      assertThat(file.fromImages()).as("FROM lines of %s", name).isNotEmpty();
      for (String image : file.fromImages()) {
        if (image.startsWith("flink:")) {
          assertThat(image).as("%s in %s", image, name).isEqualTo("flink:" + flink + "-java" + java);
        } else if (image.startsWith("eclipse-temurin:") || image.startsWith("maven:")) {
          assertThat(image).as("%s in %s", image, name).containsPattern("(:|-)" + java + "(-|$)");
        } else {
          assertThat(image).as("%s in %s", image, name).startsWith("nvidia/cuda:");
        }
      }
    }
    for (String name : List.of("Dockerfile.job", "Dockerfile.job-gpu")) {
      Dockerfile file = dockerfile(name);
      assertThat(file.fromImages()).as("%s runs Flink %s", name, flink).contains("flink:" + flink + "-java" + java);
      assertThat(file.env()).containsEntry("PYTORCH_VERSION", pytorch).containsEntry("DJL_OFFLINE", "true")
          .containsEntry("PYTORCH_LIBRARY_PATH", "/opt/djl/libtorch");
      String flavor = file.env().get("PYTORCH_FLAVOR");
      // DJL looks for its JNI library at <cache>/pytorch/<version>-<flavor>-<classifier>/<djl>-libdjl_torch.so.
      assertThat(file.text()).contains(file.env().get("DJL_CACHE_DIR").replace("/opt/djl", "/djl")
              + "/pytorch/" + pytorch + "-" + flavor + "-linux-x86_64/" + djl + "-libdjl_torch.so")
          .contains("jni_version=" + pytorch + "-" + djl)
          .contains("jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so");
      assertThat(file.globalArgs()).containsEntry("LCL_VERSION", projectVersion);
    }
    assertThat(dockerfile("Dockerfile.checkpoints").globalArgs()).containsEntry("LCL_VERSION", projectVersion);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker/compose.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("No docker/compose.yaml above " + Path.of("").toAbsolutePath()
        + "; run this test from the lcl-stream checkout (mvn -pl flink-jobs test)");
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    throw new IllegalStateException("<" + parent.getTagName() + "> has no <" + tag + ">");
  }

  /** Volume name (or host path) → path in the container, from the short {@code SOURCE:TARGET[:ro]} form. */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    service.path("volumes").forEach(v -> {
      String[] parts = v.asText().split(":");
      mounts.put(parts[0], parts[1]);
    });
    return mounts;
  }

  /** Host port → container port, from the short {@code HOST:CONTAINER} form. */
  private static Map<String, String> publishedPorts(JsonNode service) {
    Map<String, String> ports = new LinkedHashMap<>();
    service.path("ports").forEach(p -> {
      String[] parts = p.asText().split(":");
      ports.put(parts[parts.length - 2], parts[parts.length - 1]);
    });
    return ports;
  }

  private static List<String> command(JsonNode service) {
    List<String> command = new ArrayList<>();
    JsonNode node = service.required("command");
    if (node.isArray()) {
      node.forEach(c -> command.add(c.asText()));
    } else {
      command.add(node.asText());
    }
    return command;
  }

  private static String option(List<String> command, String flag) {
    int i = command.indexOf(flag);
    assertThat(i).as("%s in %s", flag, command).isGreaterThanOrEqualTo(0);
    return command.get(i + 1);
  }

  /** The submitter's {@code KEY=VALUE} arguments, handed to {@code flink run … lcl-job.jar}. */
  private static Map<String, String> jobArguments() {
    Map<String, String> arguments = new LinkedHashMap<>();
    for (String arg : command(services.required("job-submitter"))) {
      assertThat(arg).as("submitter argument").contains("=");
      arguments.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return arguments;
  }

  private static Map<String, String> flinkProperties(JsonNode service) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : service.required("environment").required("FLINK_PROPERTIES").asText().split("\n")) {
      if (line.contains(":")) {
        properties.put(line.substring(0, line.indexOf(':')).trim(), line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return properties;
  }

  private static Map<String, String> listenerPorts(String listeners) {
    Map<String, String> ports = new LinkedHashMap<>();
    for (String listener : listeners.split(",")) {
      ports.put(listener.substring(0, listener.indexOf("://")), listener.substring(listener.lastIndexOf(':') + 1));
    }
    return ports;
  }

  private static Map<String, String> listenerAddresses(String listeners) {
    Map<String, String> addresses = new LinkedHashMap<>();
    for (String listener : listeners.split(",")) {
      addresses.put(listener.substring(0, listener.indexOf("://")), listener.substring(listener.indexOf("://") + 3));
    }
    return addresses;
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Dockerfile dockerfile(String name) {
    return Dockerfile.parse(readString(docker.resolve(name)));
  }

  /** A Dockerfile as instructions: comment lines dropped, continuation lines joined, global ARGs substituted. */
  private record Dockerfile(List<String[]> lines, Map<String, String> globalArgs) {
    static Dockerfile parse(String text) {
      List<String[]> lines = new ArrayList<>();
      Map<String, String> args = new LinkedHashMap<>();
      StringBuilder current = new StringBuilder();
      boolean seenFrom = false;
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
          continue; // Docker drops comment lines, also inside a continued instruction
        }
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        current.append(line);
        String instruction = current.toString().strip();
        current.setLength(0);
        if (instruction.isEmpty()) {
          continue;
        }
        String keyword = instruction.split("\\s+", 2)[0].toUpperCase();
        String rest = instruction.length() > keyword.length() ? instruction.substring(keyword.length()).strip() : "";
        if (keyword.equals("FROM")) {
          seenFrom = true;
        }
        if (keyword.equals("ARG") && !seenFrom && rest.contains("=")) {
          args.put(rest.substring(0, rest.indexOf('=')), rest.substring(rest.indexOf('=') + 1));
        }
        for (Map.Entry<String, String> arg : args.entrySet()) {
          rest = rest.replace("${" + arg.getKey() + "}", arg.getValue());
        }
        lines.add(new String[] {keyword, rest});
      }
      return new Dockerfile(lines, args);
    }

    String text() {
      return lines.stream().map(l -> l[0] + " " + l[1]).collect(Collectors.joining("\n"));
    }

    List<String> instructions(String keyword) {
      return lines.stream().filter(l -> l[0].equals(keyword)).map(l -> l[1]).toList();
    }

    List<String> fromImages() {
      return instructions("FROM").stream().map(f -> f.split("\\s+")[0]).toList();
    }

    /** Every ENV of the file, {@code K=V} pairs (one instruction may set several). */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      for (String e : instructions("ENV")) {
        for (String pair : e.split("\\s+")) {
          if (pair.contains("=")) {
            env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
          }
        }
      }
      return env;
    }

    /** COPY from the build context (not {@code --from}): source → destination. */
    Map<String, String> copies() {
      Map<String, String> copies = new LinkedHashMap<>();
      for (String c : instructions("COPY")) {
        List<String> words = List.of(c.split("\\s+")).stream().filter(w -> !w.startsWith("--chown") && !w.startsWith("--chmod")).toList();
        if (words.get(0).startsWith("--from")) {
          continue;
        }
        for (String source : words.subList(0, words.size() - 1)) {
          copies.put(source, words.get(words.size() - 1));
        }
      }
      return copies;
    }

    List<String> copySources() {
      return List.copyOf(copies().keySet());
    }
  }
}
