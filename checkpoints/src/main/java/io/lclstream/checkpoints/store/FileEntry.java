package io.lclstream.checkpoints.store;

/** One file of a snapshot as its manifest lists it: name inside the snapshot folder, size and SHA-256 (hex). */
public record FileEntry(String name, long bytes, String sha256) {}
