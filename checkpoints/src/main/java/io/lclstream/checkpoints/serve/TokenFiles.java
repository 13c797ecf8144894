package io.lclstream.checkpoints.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the bearer token shared by {@code serve} and {@code pull}: the first line of a file, trimmed. */
public final class TokenFiles {

  private TokenFiles() {}

  public static String read(Path file) {
    try {
      String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
      if (first.isEmpty()) {
        throw new IllegalArgumentException("--token-file " + file + " is empty: put the token on its first line");
      }
      return first;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--token-file " + file + " does not exist; create it with the token on its first line", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read --token-file " + file + ": " + e.getMessage(), e);
    }
  }
}
