package io.lclstream.checkpoints.store;

import java.util.List;

/**
 * The result of verifying one snapshot: each listed file re-hashed, plus problems with the snapshot
 * itself (manifest missing or unreadable, id not matching its folder).
 */
public record VerifyReport(String id, List<FileCheck> files, List<String> problems) {

  public VerifyReport {
    files = List.copyOf(files);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty() && files.stream().allMatch(FileCheck::ok);
  }

  /** The failures, one line each, for error messages. */
  public List<String> failures() {
    var out = new java.util.ArrayList<>(problems);
    files.stream().filter(f -> !f.ok()).map(FileCheck::describe).forEach(out::add);
    return out;
  }
}
