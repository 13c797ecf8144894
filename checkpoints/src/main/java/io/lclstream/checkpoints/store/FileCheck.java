package io.lclstream.checkpoints.store;

/** The result of re-hashing one listed file of a snapshot against its manifest entry. */
public record FileCheck(
    String name, Status status, long expectedBytes, long actualBytes, String expectedSha256, String actualSha256) {

  /** Closed set of outcomes; only {@link #OK} passes. */
  public enum Status {
    OK,
    MISSING,
    NOT_A_REGULAR_FILE,
    WRONG_SIZE,
    WRONG_SHA256
  }

  public boolean ok() {
    return status == Status.OK;
  }

  /** One line for people: what was expected and what was found. */
  public String describe() {
    return switch (status) {
      case OK -> name + ": ok (" + actualBytes + " bytes, sha256 " + actualSha256 + ")";
      case MISSING -> name + ": missing (the manifest lists " + expectedBytes + " bytes)";
      case NOT_A_REGULAR_FILE -> name + ": not a regular file (a symlink or a folder); it is never served";
      case WRONG_SIZE -> name + ": " + actualBytes + " bytes, the manifest says " + expectedBytes;
      case WRONG_SHA256 -> name + ": sha256 " + actualSha256 + ", the manifest says " + expectedSha256;
    };
  }
}
