package io.lclstream.checkpoints.store;

/**
 * Which published snapshots survive: the last {@code keepLast} by step, plus every snapshot whose
 * step is a multiple of {@code milestoneEvery} (0 = no milestones). The one {@code LATEST} names
 * and any snapshot being read are kept whatever this says.
 */
public record RetentionPolicy(int keepLast, long milestoneEvery) {

  /** Keeps the last 3 snapshots and no milestones. */
  public static final RetentionPolicy DEFAULT = new RetentionPolicy(3, 0);

  /** Keeps everything (used by read-only stores, which never delete). */
  public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(Integer.MAX_VALUE, 0);

  public RetentionPolicy {
    if (keepLast < 1) {
      throw new IllegalArgumentException(
          "Invalid value " + keepLast + " for retention keepLast: must be at least 1 (the newest"
              + " snapshot is always kept); use 1 to keep only LATEST");
    }
    if (milestoneEvery < 0) {
      throw new IllegalArgumentException(
          "Invalid value " + milestoneEvery + " for retention milestoneEvery: must be 0 (no"
              + " milestones) or a positive step interval such as 10000");
    }
  }

  public static RetentionPolicy of(int keepLast, long milestoneEvery) {
    return new RetentionPolicy(keepLast, milestoneEvery);
  }

  /** Whether {@code step} is a milestone this policy keeps forever. */
  public boolean isMilestone(long step) {
    return milestoneEvery > 0 && step % milestoneEvery == 0;
  }
}
