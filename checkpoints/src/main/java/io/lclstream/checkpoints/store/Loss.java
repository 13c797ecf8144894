package io.lclstream.checkpoints.store;

/** The training losses at a snapshot: the weighted total and its two named parts. */
public record Loss(double total, double contrastive, double generation) {}
