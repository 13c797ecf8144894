package io.lclstream.checkpoints.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rolling snapshot store on a local (or shared POSIX) file system: stages, seals and publishes
 * snapshots atomically, keeps {@code LATEST}, applies retention, verifies and repairs.
 *
 * <p>Layout ({@code DESIGN.md} §6):
 *
 * <pre>
 * &lt;store&gt;/
 *   LATEST                    id of the newest published snapshot (replaced by write-temp-and-rename)
 *   ckpt-000001200/           a published snapshot: manifest.json + its files
 *   .staging/stage-000001300-1a2b3c4d/   a staged snapshot (sealed once manifest.json is there)
 *   .leases/                  readers' claims that keep a snapshot from retention
 *   .trash/                   snapshots being deleted (moved here first, so no reader sees half)
 *   .writer.lock              held by the one writer
 * </pre>
 *
 * <p>Publishing, in order, each step durable before the next: the final manifest (with parent) is
 * written in the staging folder; the folder is fsynced and renamed to {@code ckpt-<step>}; the
 * store folder is fsynced; {@code LATEST} is replaced by write-temp-and-rename; retention runs. A
 * crash between any two steps leaves {@code LATEST} naming the old or the new snapshot, both whole
 * (see {@link CrashPoints}); the next {@link #open} finishes a publish interrupted after the rename.
 *
 * <p>Two ways in: {@link #open} for the one writer (the training sink; takes the writer lock and
 * repairs what a crash left), {@link #openReadOnly} for readers (the server, the CLI), which never
 * change snapshots, staging or {@code LATEST} and may run while the writer works.
 */
public final class SnapshotStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

  public static final String LATEST = "LATEST";
  static final String STAGING = ".staging";
  static final String TRASH = ".trash";
  static final String LEASES = ".leases";
  static final String LOCK = ".writer.lock";

  /** Published ids: {@code ckpt-} and the step zero-padded to 9 digits. */
  private static final Pattern ID = Pattern.compile("ckpt-(\\d{9,19})");
  private static final Pattern STAGED_ID = Pattern.compile("stage-(\\d{9,19})-([0-9a-f]{8})");
  /** File names a snapshot may hold: flat, no leading dot, nothing a path could be made of. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

  /** How long a reader's lease keeps a snapshot from retention after its last refresh. */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofMinutes(2);

  private final Path root;
  private final boolean writer;
  private final RetentionPolicy retention;
  private final Duration leaseTtl;
  private final FileChannel lockChannel;
  private final FileLock lock;
  /** Leases this instance holds open, counted per snapshot id. */
  private final ConcurrentHashMap<String, AtomicInteger> openLeases = new ConcurrentHashMap<>();

  private SnapshotStore(
      Path root, boolean writer, RetentionPolicy retention, Duration leaseTtl, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.writer = writer;
    this.retention = retention;
    this.leaseTtl = leaseTtl;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  // ---------------------------------------------------------------- opening

  /** Opens (creating if needed) the store for writing, with the default lease time-to-live. */
  public static SnapshotStore open(Path dir, RetentionPolicy retention) {
    return open(dir, retention, DEFAULT_LEASE_TTL);
  }

  /**
   * Opens (creating if needed) the store for writing and repairs what a crash can leave: deletes
   * unsealed (torn) staging folders, the trash and temporary files; keeps sealed staged snapshots;
   * points {@code LATEST} at the newest snapshot that verifies when it names a missing or
   * unverifiable one; finishes a publish interrupted between the rename and the {@code LATEST}
   * swap; applies retention.
   *
   * @throws StoreException when another process has the store open for writing
   */
  public static SnapshotStore open(Path dir, RetentionPolicy retention, Duration leaseTtl) {
    Path root = dir.toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(root.resolve(STAGING));
      Files.createDirectories(root.resolve(LEASES));
      channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(root.resolve(LOCK), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new StoreException(
            "Store " + root + " is already open for writing (" + (holder.isEmpty() ? "by another writer" : holder)
                + "); only one training sink may publish into a store: stop the other writer, or use"
                + " SnapshotStore.openReadOnly to read");
      }
      channel.truncate(0);
      channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      SnapshotStore store = new SnapshotStore(root, true, retention, leaseTtl, channel, lock);
      store.repair();
      return store;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("Cannot open store " + root + " for writing: " + e + "; check that the folder exists and is writable", e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * Opens an existing store for reading only: nothing is repaired or deleted ({@code LATEST} that
   * names a missing snapshot reads as the newest published one). Readers may still take leases.
   */
  public static SnapshotStore openReadOnly(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new StoreException(
          "Store " + root + " does not exist or is not a folder; pass the folder the training sink publishes"
              + " into (e.g. lcl-work/checkpoints)");
    }
    return new SnapshotStore(root, false, RetentionPolicy.KEEP_ALL, DEFAULT_LEASE_TTL, null, null);
  }

  public Path root() {
    return root;
  }

  public RetentionPolicy retention() {
    return retention;
  }

  @Override
  public void close() {
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException e) {
        LOG.warn("Could not release the writer lock of {}", root, e);
      }
    }
    closeQuietly(lockChannel);
  }

  // ---------------------------------------------------------------- ids

  /** The published id of a step: {@code ckpt-} and the step zero-padded to 9 digits. */
  public static String idOf(long step) {
    return String.format(Locale.ROOT, "ckpt-%09d", step);
  }

  /** Whether {@code s} has the form of a published snapshot id. */
  public static boolean isSnapshotId(String s) {
    return s != null && ID.matcher(s).matches();
  }

  /** Whether {@code s} has the form of a staging name. */
  public static boolean isStagedId(String s) {
    return s != null && STAGED_ID.matcher(s).matches();
  }

  /** Whether {@code s} may name a file of a snapshot. */
  public static boolean isValidFileName(String s) {
    return s != null && FILE_NAME.matcher(s).matches() && !s.equals(Manifest.FILE_NAME);
  }

  private static long stepOfStaged(String stagedId) {
    Matcher m = STAGED_ID.matcher(stagedId);
    if (!m.matches()) {
      throw new IllegalArgumentException(stagedId);
    }
    return Long.parseLong(m.group(1));
  }

  // ---------------------------------------------------------------- staging

  /**
   * Creates an empty staging folder for a snapshot of {@code step}; write the files into {@link
   * StagedSnapshot#dir()}, then {@link StagedSnapshot#seal seal} it.
   */
  public synchronized StagedSnapshot stage(long step) {
    requireWriter("stage");
    if (step < 0) {
      throw new IllegalArgumentException("Invalid step " + step + " for stage(step): must be >= 0");
    }
    String id = String.format(Locale.ROOT, "stage-%09d-%08x", step, ThreadLocalRandom.current().nextInt());
    Path dir = root.resolve(STAGING).resolve(id);
    try {
      Files.createDirectory(dir);
      Durable.fsyncDir(dir.getParent());
    } catch (IOException e) {
      throw new StoreException("Cannot create staging folder " + dir + ": " + e, e);
    }
    return new StagedSnapshot(this, id, step, dir);
  }

  synchronized Manifest seal(StagedSnapshot staged, ManifestDraft draft) {
    requireWriter("seal");
    CrashPoints.reached(CrashPoints.STAGED);
    Path dir = staged.dir();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreException("Staged snapshot " + staged.id() + " no longer exists (" + dir + "): it was discarded or superseded; stage it again");
    }
    if (staged.isSealed()) {
      throw new StoreException("Staged snapshot " + staged.id() + " is already sealed; publish it, or discardStaged it and stage again");
    }
    if (draft.step() != staged.step()) {
      throw new IllegalArgumentException(
          "Manifest draft step=" + draft.step() + " does not match the step " + staged.step()
              + " the snapshot was staged for (" + staged.id() + "); stage(step) with the draft's step");
    }
    try {
      List<FileEntry> files = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (!a.isRegularFile()) {
            problems.add(name + " is " + (a.isSymbolicLink() ? "a symlink" : "a folder") + " (snapshots hold regular files only)");
          } else if (!isValidFileName(name)) {
            problems.add("'" + name + "' is not a valid file name (letters, digits, '.', '_', '-'; not starting with '.' or '-'; not manifest.json)");
          } else {
            files.add(new FileEntry(name, a.size(), null));
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new StoreException("Cannot seal staged snapshot " + staged.id() + ": " + String.join("; ", problems) + "; write only plain files into " + dir);
      }
      if (files.isEmpty()) {
        throw new StoreException("Cannot seal staged snapshot " + staged.id() + ": " + dir + " holds no files; write the model's files into it first");
      }
      files.sort(Comparator.comparing(FileEntry::name));
      List<FileEntry> hashed = new ArrayList<>(files.size());
      for (FileEntry f : files) {
        Path p = dir.resolve(f.name());
        Durable.fsync(p);
        hashed.add(new FileEntry(f.name(), Files.size(p), Durable.sha256(p)));
      }
      Durable.fsyncDir(dir);
      CrashPoints.reached(CrashPoints.SEAL_FILES_SYNCED);
      Manifest sealed = Manifest.sealed(idOf(staged.step()), staged.id(), draft, hashed);
      Durable.writeAtomically(dir.resolve(Manifest.FILE_NAME), Json.MAPPER.writeValueAsBytes(sealed), null);
      CrashPoints.reached(CrashPoints.SEALED);
      return sealed;
    } catch (IOException e) {
      throw new StoreException("Cannot seal staged snapshot " + staged.id() + " in " + dir + ": " + e, e);
    }
  }

  /** Sealed staged snapshots waiting to be published, oldest step first. */
  public List<String> stagedIds() {
    List<String> out = new ArrayList<>();
    for (Path p : children(root.resolve(STAGING))) {
      String name = p.getFileName().toString();
      if (isStagedId(name) && Files.isRegularFile(p.resolve(Manifest.FILE_NAME))) {
        out.add(name);
      }
    }
    out.sort(Comparator.comparingLong(SnapshotStore::stepOfStaged).thenComparing(Comparator.naturalOrder()));
    return out;
  }

  /** Deletes a staged snapshot (sealed or not); absent is fine (discarding is idempotent). */
  public synchronized void discardStaged(String stagedId) {
    requireWriter("discardStaged");
    if (!isStagedId(stagedId)) {
      throw new IllegalArgumentException("Invalid staged id '" + stagedId + "': expected stage-<9-digit step>-<8 hex>, as StagedSnapshot.id() returns");
    }
    try {
      trashAndDelete(root.resolve(STAGING).resolve(stagedId));
    } catch (IOException e) {
      throw new StoreException("Cannot discard staged snapshot " + stagedId + ": " + e, e);
    }
  }

  // ---------------------------------------------------------------- publishing

  /**
   * Publishes a sealed staged snapshot: renames it to {@code ckpt-<step>}, points {@code LATEST}
   * at it (its manifest's {@code parent} is the previous {@code LATEST}), deletes sealed staged
   * snapshots of a lower step, and applies retention.
   *
   * <p>Idempotent: publishing a staged id that was already published (e.g. a re-commit after a
   * failover) changes nothing except finishing an interrupted {@code LATEST} swap, and returns the
   * published manifest.
   *
   * @throws StoreException when the staged id is neither staged nor published (discarded,
   *     superseded or retired), is not sealed, or its step is already published from another one
   */
  public synchronized Manifest publish(String stagedId) {
    requireWriter("publish");
    if (!isStagedId(stagedId)) {
      throw new IllegalArgumentException(
          "Invalid staged id '" + stagedId + "': expected stage-<9-digit step>-<8 hex>, as StagedSnapshot.id() returns");
    }
    try {
      Path staging = root.resolve(STAGING).resolve(stagedId);
      if (Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
        return publishStaged(stagedId, staging);
      }
      Optional<Manifest> already = list().stream().filter(m -> stagedId.equals(m.stagedId())).findFirst();
      if (already.isPresent()) {
        Manifest m = already.get();
        finishInterruptedSwap(m);
        applyRetention();
        return m;
      }
      throw new StoreException(
          "Cannot publish staged snapshot " + stagedId + ": it is neither in " + root.resolve(STAGING)
              + " nor published in " + root + " (it was discarded, superseded by a newer published snapshot,"
              + " or retired by retention). Staged now: " + stagedIds() + "; published: " + ids(list())
              + ". Stage and seal a new snapshot.");
    } catch (IOException e) {
      throw new StoreException("Cannot publish staged snapshot " + stagedId + " in " + root + ": " + e, e);
    }
  }

  private Manifest publishStaged(String stagedId, Path staging) throws IOException {
    Path sealedFile = staging.resolve(Manifest.FILE_NAME);
    if (!Files.isRegularFile(sealedFile)) {
      throw new StoreException(
          "Cannot publish staged snapshot " + stagedId + ": it is not sealed; call StagedSnapshot.seal(draft) first");
    }
    Manifest sealed = readManifest(sealedFile);
    String id = sealed.id();
    Path target = root.resolve(id);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Manifest other = find(id).orElse(null);
      throw new StoreException(
          "Cannot publish staged snapshot " + stagedId + ": step " + sealed.step() + " is already published as " + id
              + (other == null ? "" : " from staged snapshot " + other.stagedId())
              + ". A store holds one snapshot per step; discardStaged(\"" + stagedId + "\") or remove " + target);
    }
    String parent = latestId().orElse(null);
    Manifest published = sealed.published(parent, Instant.now());
    Durable.writeAtomically(sealedFile, Json.MAPPER.writeValueAsBytes(published), null);
    CrashPoints.reached(CrashPoints.PUBLISH_MANIFEST_WRITTEN);
    Durable.fsyncDir(staging);
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    Durable.fsyncDir(root);
    Durable.fsyncDir(root.resolve(STAGING));
    CrashPoints.reached(CrashPoints.PUBLISH_RENAMED);
    writeLatest(id);
    CrashPoints.reached(CrashPoints.PUBLISH_LATEST_SWAPPED);
    LOG.info("Published {} (step {}, parent {}) in {}", id, published.step(), parent, root);
    removeSupersededStaged(published.step());
    applyRetention();
    return published;
  }

  private void writeLatest(String id) throws IOException {
    Durable.writeAtomically(root.resolve(LATEST), (id + "\n").getBytes(StandardCharsets.UTF_8), CrashPoints.PUBLISH_LATEST_TEMP_WRITTEN);
  }

  /** A published snapshot whose parent is {@code LATEST} was renamed into place but not swapped in. */
  private void finishInterruptedSwap(Manifest m) throws IOException {
    Optional<String> latest = readLatestFile();
    boolean interrupted = latest.isEmpty() ? m.parent() == null : latest.get().equals(m.parent());
    if (interrupted && !latest.equals(Optional.of(m.id()))) {
      LOG.warn("Finishing the interrupted publish of {}: LATEST was still {}", m.id(), latest.orElse("(none)"));
      writeLatest(m.id());
      removeSupersededStaged(m.step());
    }
  }

  private void removeSupersededStaged(long step) throws IOException {
    for (String s : stagedIds()) {
      if (stepOfStaged(s) < step) {
        LOG.info("Deleting staged snapshot {}: superseded by the published step {}", s, step);
        trashAndDelete(root.resolve(STAGING).resolve(s));
      }
    }
  }

  // ---------------------------------------------------------------- reading

  /** Every published snapshot (folder {@code ckpt-*} with a readable manifest of the same id), by step. */
  public List<Manifest> list() {
    List<Manifest> out = new ArrayList<>();
    for (Path p : children(root)) {
      String name = p.getFileName().toString();
      if (!isSnapshotId(name) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Manifest m = readManifest(p.resolve(Manifest.FILE_NAME));
        if (name.equals(m.id())) {
          out.add(m);
        }
      } catch (IOException | RuntimeException e) {
        // Being retired right now, or not a snapshot this store wrote: not published.
        LOG.debug("Skipping {}: {}", p, e.toString());
      }
    }
    out.sort(Comparator.comparingLong(Manifest::step));
    return out;
  }

  /** The manifest of a published snapshot, if it is published. */
  public Optional<Manifest> find(String id) {
    if (!isSnapshotId(id)) {
      return Optional.empty();
    }
    Path dir = root.resolve(id);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      Manifest m = readManifest(dir.resolve(Manifest.FILE_NAME));
      return id.equals(m.id()) ? Optional.of(m) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The manifest of a published snapshot; {@code "latest"} names the one {@code LATEST} points at.
   *
   * @throws StoreException naming the published ids when there is no such snapshot
   */
  public Manifest manifest(String idOrLatest) {
    Optional<Manifest> m = "latest".equals(idOrLatest) ? latest() : find(idOrLatest);
    return m.orElseThrow(() -> new StoreException(
        "No published snapshot '" + idOrLatest + "' in " + root + "; published: " + ids(list())));
  }

  /**
   * The id {@code LATEST} names when that snapshot is published; otherwise (a reader racing a
   * repair, or no {@code LATEST} yet) the newest published snapshot.
   */
  public Optional<String> latestId() {
    Optional<String> named = readLatestFile();
    if (named.isPresent() && find(named.get()).isPresent()) {
      return named;
    }
    List<Manifest> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).id());
  }

  public Optional<Manifest> latest() {
    return latestId().flatMap(this::find);
  }

  /**
   * The folder of a snapshot in whichever state it is: a published id ({@code ckpt-…}) or
   * {@code latest}, a sealed staged id ({@code stage-…}), or a staged id that has since been
   * published. This is what a restoring sink loads its model from.
   *
   * @throws StoreException saying every place that was looked at when none has it
   */
  public Path resolve(String idOrStagedId) {
    List<String> tried = new ArrayList<>();
    if ("latest".equals(idOrStagedId)) {
      Optional<String> latest = latestId();
      if (latest.isPresent()) {
        return root.resolve(latest.get());
      }
      tried.add(root.resolve(LATEST) + " (absent, and no published snapshot)");
    } else if (isSnapshotId(idOrStagedId)) {
      if (find(idOrStagedId).isPresent()) {
        return root.resolve(idOrStagedId);
      }
      tried.add(root.resolve(idOrStagedId) + " (not published)");
    } else if (isStagedId(idOrStagedId)) {
      Path staging = root.resolve(STAGING).resolve(idOrStagedId);
      if (Files.isRegularFile(staging.resolve(Manifest.FILE_NAME))) {
        return staging;
      }
      tried.add(staging + (Files.isDirectory(staging) ? " (not sealed)" : " (absent)"));
      for (Manifest m : list()) {
        if (idOrStagedId.equals(m.stagedId())) {
          return root.resolve(m.id());
        }
      }
      tried.add("the manifests of published " + ids(list()) + " (none was published from it)");
    } else {
      throw new IllegalArgumentException(
          "Invalid snapshot reference '" + idOrStagedId + "': expected 'latest', ckpt-<9-digit step> or stage-<9-digit step>-<8 hex>");
    }
    throw new StoreException("Cannot resolve snapshot '" + idOrStagedId + "' in " + root + "; tried " + String.join(", ", tried));
  }

  /** Re-hashes every file a published snapshot's manifest lists. */
  public VerifyReport verify(String id) {
    Path dir = root.resolve(id);
    List<String> problems = new ArrayList<>();
    if (!isSnapshotId(id)) {
      return new VerifyReport(id, List.of(), List.of("'" + id + "' is not a snapshot id (ckpt-<9-digit step>)"));
    }
    Manifest m;
    try {
      m = readManifest(dir.resolve(Manifest.FILE_NAME));
    } catch (NoSuchFileException e) {
      return new VerifyReport(id, List.of(), List.of(id + ": " + Manifest.FILE_NAME + " is missing"));
    } catch (IOException | RuntimeException e) {
      return new VerifyReport(id, List.of(), List.of(id + ": " + Manifest.FILE_NAME + " is unreadable: " + e.getMessage()));
    }
    if (!id.equals(m.id())) {
      problems.add(id + ": the manifest says id " + m.id());
    }
    return new VerifyReport(id, checkFiles(dir, m), problems);
  }

  static List<FileCheck> checkFiles(Path dir, Manifest m) {
    List<FileCheck> checks = new ArrayList<>();
    for (FileEntry f : m.files()) {
      Path p = dir.resolve(f.name());
      FileCheck.Status status;
      long size = -1;
      String sha = null;
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!isValidFileName(f.name()) || !a.isRegularFile()) {
          status = FileCheck.Status.NOT_A_REGULAR_FILE;
        } else {
          size = a.size();
          sha = Durable.sha256(p);
          status = size != f.bytes() ? FileCheck.Status.WRONG_SIZE
              : !sha.equals(f.sha256()) ? FileCheck.Status.WRONG_SHA256 : FileCheck.Status.OK;
        }
      } catch (IOException e) {
        status = FileCheck.Status.MISSING;
      }
      checks.add(new FileCheck(f.name(), status, f.bytes(), size, f.sha256(), sha));
    }
    return checks;
  }

  // ---------------------------------------------------------------- leases

  /**
   * Claims a published snapshot for reading: retention (in any process) keeps it while the lease
   * is open and refreshed within the time-to-live. Close it when done.
   */
  public Lease lease(String id) {
    Path file = leaseFile(id, "p" + ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    touch(file);
    openLeases.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    return new Lease(id, file, () -> openLeases.computeIfPresent(id, (k, n) -> n.decrementAndGet() <= 0 ? null : n));
  }

  /**
   * Refreshes a long-lived, named claim on a snapshot that simply expires after the time-to-live:
   * the server touches one per snapshot on every request, so a client fetching one file after
   * another keeps the snapshot from retention between its requests.
   */
  public void touchLease(String id, String owner) {
    touch(leaseFile(id, owner.replaceAll("[^A-Za-z0-9_-]", "_")));
  }

  private Path leaseFile(String id, String owner) {
    if (!isSnapshotId(id)) {
      throw new IllegalArgumentException("Invalid snapshot id '" + id + "' for a lease: expected ckpt-<9-digit step>");
    }
    return root.resolve(LEASES).resolve(id + "~" + owner);
  }

  private void touch(Path file) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      LOG.warn("Cannot write the read lease {} ({}); retention may delete that snapshot while it is read", file, e.toString());
    }
  }

  /** Ids leased now (open in this instance, or a lease file refreshed within the time-to-live). */
  private Set<String> leasedIds(boolean deleteExpired) {
    Set<String> ids = new HashSet<>(openLeases.keySet());
    long cutoff = System.currentTimeMillis() - leaseTtl.toMillis();
    for (Path p : children(root.resolve(LEASES))) {
      String name = p.getFileName().toString();
      int tilde = name.indexOf('~');
      if (tilde <= 0) {
        continue;
      }
      try {
        if (Files.getLastModifiedTime(p).toMillis() >= cutoff) {
          ids.add(name.substring(0, tilde));
        } else if (deleteExpired) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // Deleted by its owner meanwhile: not a lease.
      }
    }
    return ids;
  }

  // ---------------------------------------------------------------- retention and repair

  /**
   * Deletes the published snapshots the retention policy does not keep, never the one {@code
   * LATEST} names nor a leased one. Runs after every publish; public for tools and tests.
   *
   * @return the ids deleted
   */
  public synchronized List<String> applyRetention() {
    requireWriter("applyRetention");
    List<Manifest> all = list();
    Set<String> keep = new HashSet<>();
    for (int i = Math.max(0, all.size() - retention.keepLast()); i < all.size(); i++) {
      keep.add(all.get(i).id());
    }
    all.stream().filter(m -> retention.isMilestone(m.step())).forEach(m -> keep.add(m.id()));
    readLatestFile().ifPresent(keep::add);
    Set<String> leased = leasedIds(true);
    List<String> deleted = new ArrayList<>();
    for (Manifest m : all) {
      if (keep.contains(m.id())) {
        continue;
      }
      if (leased.contains(m.id())) {
        LOG.info("Retention keeps {} for now: a reader holds a lease on it", m.id());
        continue;
      }
      try {
        trashAndDelete(root.resolve(m.id()));
        deleted.add(m.id());
      } catch (IOException e) {
        LOG.warn("Retention could not delete {}: {}; it will try again after the next publish", m.id(), e.toString());
      }
    }
    if (!deleted.isEmpty()) {
      LOG.info("Retention ({}) deleted {}", retention, deleted);
    }
    return deleted;
  }

  /** Moves a folder to the trash (one atomic rename, so readers never see it half deleted), then deletes it. */
  private void trashAndDelete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path trash = root.resolve(TRASH);
    Files.createDirectories(trash);
    Path moved = trash.resolve(dir.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Files.move(dir, moved, StandardCopyOption.ATOMIC_MOVE);
    Durable.fsyncDir(dir.getParent());
    CrashPoints.reached(CrashPoints.RETENTION_TRASHED);
    Durable.deleteTree(moved);
  }

  private void repair() throws IOException {
    Durable.deleteTree(root.resolve(TRASH));
    for (Path p : children(root)) {
      if (p.getFileName().toString().startsWith(LATEST + ".tmp-")) {
        Files.deleteIfExists(p);
      }
    }
    for (Path p : children(root.resolve(STAGING))) {
      String name = p.getFileName().toString();
      Path manifest = p.resolve(Manifest.FILE_NAME);
      boolean sealed = false;
      if (isStagedId(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(manifest)) {
        try {
          readManifest(manifest);
          sealed = true;
        } catch (IOException | RuntimeException e) {
          LOG.warn("Staged snapshot {} has an unreadable manifest ({}): deleting it", name, e.toString());
        }
      }
      if (sealed) {
        for (Path f : children(p)) {
          if (f.getFileName().toString().startsWith(Manifest.FILE_NAME + ".tmp-")) {
            Files.deleteIfExists(f);
          }
        }
      } else {
        LOG.warn("Deleting torn staging folder {} (never sealed: a crash while its files were written)", p);
        Durable.deleteTree(p);
      }
    }
    Durable.fsyncDir(root.resolve(STAGING));

    Optional<String> named = readLatestFile();
    boolean good = named.isPresent() && find(named.get()).isPresent() && verify(named.get()).ok();
    if (!good) {
      Optional<String> fallback = Optional.empty();
      List<Manifest> all = list();
      for (int i = all.size() - 1; i >= 0 && fallback.isEmpty(); i--) {
        String id = all.get(i).id();
        if (!id.equals(named.orElse(null)) && verify(id).ok()) {
          fallback = Optional.of(id);
        }
      }
      if (named.isPresent() || fallback.isPresent()) {
        LOG.warn("LATEST names {}, which is {}; falling back to {}", named.orElse("nothing"),
            named.isPresent() ? "missing or fails verification" : "absent", fallback.orElse("nothing (no good snapshot)"));
      }
      if (fallback.isPresent()) {
        writeLatest(fallback.get());
      } else {
        Files.deleteIfExists(root.resolve(LATEST));
        Durable.fsyncDir(root);
      }
    }
    // A crash between the rename and the LATEST swap leaves a whole snapshot whose parent is LATEST.
    boolean advanced = true;
    while (advanced) {
      advanced = false;
      String current = readLatestFile().orElse(null);
      for (Manifest m : list()) {
        if (current != null && current.equals(m.parent()) && !m.id().equals(current) && verify(m.id()).ok()) {
          finishInterruptedSwap(m);
          advanced = true;
          break;
        }
      }
    }
    Optional<Manifest> latest = latest();
    if (latest.isPresent()) {
      removeSupersededStaged(latest.get().step());
    }
    applyRetention();
  }

  // ---------------------------------------------------------------- helpers

  private Optional<String> readLatestFile() {
    try {
      String s = Files.readString(root.resolve(LATEST), StandardCharsets.UTF_8).trim();
      return isSnapshotId(s) ? Optional.of(s) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Manifest readManifest(Path file) throws IOException {
    return Json.MAPPER.readValue(Files.readAllBytes(file), Manifest.class);
  }

  private void requireWriter(String op) {
    if (!writer) {
      throw new StoreException(op + " needs the store opened for writing (SnapshotStore.open); " + root + " was opened read-only");
    }
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(out::add);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    return out;
  }

  private static List<String> ids(List<Manifest> ms) {
    return ms.stream().map(Manifest::id).toList();
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
