package io.lclstream.checkpoints.store;

/** Training throughput measured over the interval that ended at a snapshot (per second of wall time). */
public record Throughput(double samplesPerSecond, double tokensPerSecond, double imagesPerSecond) {}
