package io.lclstream.model.pack;

import io.lclstream.model.config.LclConfig;
import io.lclstream.model.token.Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Packs a document (text and image parts in page order) into one training sequence of at most
 * {@code lm.contextLength} tokens with at most {@code maxImages} images.
 *
 * <p>Rules: the sequence begins with {@code <sot>} and always ends with {@code <eot>}; each image
 * becomes {@code <soi>}, N placeholders, {@code <eoi>}; images beyond {@code maxImages} are skipped
 * (text after them is kept); when the context is full the sequence is cut, text at the last token
 * that fits and an image never inside: an image that does not fit whole is left out, with
 * everything after it.
 */
public final class SequencePacker {

    private final Tokenizer tokenizer;
    private final int contextLength;
    private final int maxImages;
    private final int visualTokens;

    public SequencePacker(Tokenizer tokenizer, LclConfig config) {
        this.tokenizer = tokenizer;
        this.contextLength = config.lm().contextLength();
        this.maxImages = config.maxImages();
        this.visualTokens = config.visualTokens();
    }

    public PackedSequence pack(List<DocumentPart> parts) {
        int[] tokens = new int[contextLength];
        int[] kept = new int[maxImages];
        int[] soi = new int[maxImages];
        boolean[] counts = new boolean[maxImages];
        int images = 0;
        int n = 0;
        tokens[n++] = tokenizer.sot();
        // one slot is always kept free for the final <eot>
        int room = contextLength - 1;
        boolean content = false;
        for (DocumentPart part : parts) {
            if (part instanceof TextPart text) {
                int[] ids = tokenizer.encode(text.text());
                int take = Math.min(ids.length, room - n);
                System.arraycopy(ids, 0, tokens, n, take);
                n += take;
                content |= take > 0;
                if (take < ids.length) {
                    break;
                }
            } else if (part instanceof ImagePart image) {
                if (images == maxImages) {
                    continue; // later text may still fit; further images are dropped
                }
                if (n + visualTokens + 2 > room) {
                    break; // never cut inside an image
                }
                kept[images] = image.imageIndex();
                soi[images] = n;
                counts[images] = content;
                images++;
                tokens[n++] = tokenizer.soi();
                Arrays.fill(tokens, n, n + visualTokens, tokenizer.imagePlaceholder());
                n += visualTokens;
                tokens[n++] = tokenizer.eoi();
                content = true;
            }
        }
        tokens[n++] = tokenizer.eot();
        return new PackedSequence(
                Arrays.copyOf(tokens, n),
                Arrays.copyOf(kept, images),
                Arrays.copyOf(soi, images),
                Arrays.copyOf(counts, images),
                visualTokens);
    }
}
