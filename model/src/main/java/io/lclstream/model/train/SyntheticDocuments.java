package io.lclstream.model.train;

import io.lclstream.model.config.LclConfig;
import io.lclstream.model.pack.DocumentPart;
import io.lclstream.model.pack.ImagePart;
import io.lclstream.model.pack.PackedSequence;
import io.lclstream.model.pack.SequencePacker;
import io.lclstream.model.pack.TextPart;
import io.lclstream.model.token.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic interleaved documents for benchmarks and tests: captions that describe a striped
 * square, each followed by a rendering of that square, packed to fill the context.
 *
 * <p>Every image of a document is a different scene (colour × stripe count × orientation, 64 in
 * all), and consecutive documents cycle through the scenes, so a batch of up to 64 images holds
 * no two alike and the caption before an image identifies it: a model that learns the pairing
 * retrieves every image from its context.
 */
public final class SyntheticDocuments {

    private static final String[] COLOURS = {"red", "green", "blue", "yellow", "purple", "cyan", "orange", "grey"};
    private static final int[][] RGB = {
        {220, 40, 40}, {40, 180, 60}, {40, 70, 220}, {230, 220, 50},
        {140, 50, 170}, {50, 210, 220}, {240, 140, 30}, {128, 128, 128}
    };
    private static final int SCENES = COLOURS.length * 4 * 2;

    private final Tokenizer tokenizer;
    private final SequencePacker packer;
    private final int side;
    private final int imagesPerDocument;

    public SyntheticDocuments(LclConfig config, Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.packer = new SequencePacker(tokenizer, config);
        this.side = config.vision().imageSize();
        this.imagesPerDocument = config.maxImages();
    }

    /** The {@code index}-th document, packed (the same index always gives the same example). */
    public TrainingExample example(int index) {
        List<DocumentPart> parts = new ArrayList<>();
        int[] scenes = new int[imagesPerDocument];
        for (int j = 0; j < imagesPerDocument; j++) {
            scenes[j] = Math.floorMod(index * imagesPerDocument + j, SCENES);
            parts.add(new TextPart(caption(j, scenes[j])));
            parts.add(new ImagePart(j));
            parts.add(new TextPart(" That was figure " + (j + 1) + ". "));
        }
        parts.add(new TextPart("The end of document " + index + "."));
        PackedSequence packed = packer.pack(parts);
        byte[] pixels = new byte[packed.imageCount() * side * side * 3];
        for (int k = 0; k < packed.imageCount(); k++) {
            render(scenes[packed.keptImages()[k]], pixels, k * side * side * 3);
        }
        return TrainingExample.of("synthetic-" + index, packed, pixels);
    }

    /** Documents {@code first … first + size − 1}. */
    public List<TrainingExample> batch(int first, int size) {
        List<TrainingExample> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(example(first + i));
        }
        return batch;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    private static String caption(int figure, int scene) {
        return "Figure " + (figure + 1) + " shows a " + COLOURS[colour(scene)] + " square with " + stripes(scene)
                + (vertical(scene) ? " vertical" : " horizontal") + " stripes: ";
    }

    private void render(int scene, byte[] out, int offset) {
        int[] rgb = RGB[colour(scene)];
        int bands = 2 * stripes(scene) + 1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int along = vertical(scene) ? x : y;
                boolean stripe = (along * bands / side) % 2 == 1;
                int i = offset + (y * side + x) * 3;
                for (int c = 0; c < 3; c++) {
                    out[i + c] = (byte) (stripe ? 255 : rgb[c]);
                }
            }
        }
    }

    private static int colour(int scene) {
        return scene % COLOURS.length;
    }

    private static int stripes(int scene) {
        return 1 + (scene / COLOURS.length) % 4;
    }

    private static boolean vertical(int scene) {
        return scene / (COLOURS.length * 4) == 1;
    }
}
