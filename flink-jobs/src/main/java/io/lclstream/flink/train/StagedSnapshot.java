package io.lclstream.flink.train;

/**
 * The committable of the training sink: a snapshot staged at a checkpoint, published by the
 * committer once that checkpoint completes.
 *
 * @param stagedId the store's id of the staged snapshot
 * @param step the training step it holds
 */
public record StagedSnapshot(String stagedId, long step) {}
