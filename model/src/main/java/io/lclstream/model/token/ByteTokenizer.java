package io.lclstream.model.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default tokenizer: one token per UTF-8 byte (ids 0–255) followed by the six special
 * tokens (ids 256–261); it needs no vocabulary file and never meets an unknown character.
 */
public final class ByteTokenizer implements Tokenizer {

    /** The {@code type} written into {@code tokenizer.json}. */
    public static final String TYPE = "lcl-byte";

    private static final int PAD = 256;
    private static final int SOT = 257;
    private static final int EOT = 258;
    private static final int SOI = 259;
    private static final int EOI = 260;
    private static final int IMAGE = 261;
    private static final int VOCAB = 262;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int previous = -1;
        for (int id : ids) {
            if (id >= 0 && id < 256) {
                run.write(id);
            } else {
                out.append(run.toString(StandardCharsets.UTF_8));
                run.reset();
                if (id == IMAGE && previous == IMAGE) {
                    continue;
                }
                String name = specialName(id);
                out.append(name != null ? name : "<unk:" + id + ">");
            }
            previous = id;
        }
        return out.append(run.toString(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public int vocabSize() {
        return VOCAB;
    }

    @Override
    public int pad() {
        return PAD;
    }

    @Override
    public int sot() {
        return SOT;
    }

    @Override
    public int eot() {
        return EOT;
    }

    @Override
    public int soi() {
        return SOI;
    }

    @Override
    public int eoi() {
        return EOI;
    }

    @Override
    public int imagePlaceholder() {
        return IMAGE;
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(FILE_NAME),
                "{\"type\": \"" + TYPE + "\", \"version\": 1, \"vocabSize\": " + VOCAB + "}\n",
                StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ByteTokenizer(vocab=" + VOCAB + ")";
    }
}
