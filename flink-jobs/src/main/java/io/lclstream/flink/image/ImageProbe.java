package io.lclstream.flink.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Owns reading an image's format and dimensions from its header, without decoding pixels, and refusing
 * decompression bombs: a tiny file that declares more than {@code maxPixels} pixels.
 */
public final class ImageProbe {
    /** Default limit 8192 × 8192 ≈ 67 MP: decoded as ARGB that is already 268 MB, so anything larger is refused. */
    public static final long DEFAULT_MAX_PIXELS = 8192L * 8192L;

    private final long maxPixels;

    public ImageProbe(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("image.max-pixels=" + maxPixels + " must be at least 1; use "
                    + DEFAULT_MAX_PIXELS + " (the default)");
        }
        this.maxPixels = maxPixels;
        ImageIoPlugins.ensureRegistered();
    }

    public static ImageProbe withDefaults() {
        return new ImageProbe(DEFAULT_MAX_PIXELS);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** The closed outcome of a probe. */
    public sealed interface ProbeResult permits Probed, Rejected {
    }

    /**
     * The header was read.
     *
     * @param format lower-case ImageIO format name ("jpeg", "png", "gif", "webp", "bmp" …)
     */
    public record Probed(String format, int width, int height) implements ProbeResult {
    }

    /** The image is refused before decoding. */
    public record Rejected(ImageRejection rejection) implements ProbeResult {
    }

    public ProbeResult probe(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                return rejected(ImageReasons.UNDECODABLE, "ImageIO has no input stream for a byte array");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return rejected(ImageReasons.UNDECODABLE, "no ImageIO reader recognises these " + bytes.length
                        + " bytes (" + magic(bytes) + ")");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (width < 1 || height < 1) {
                    return rejected(ImageReasons.UNDECODABLE, format + " header declares " + width + "×" + height);
                }
                long pixels = (long) width * height;
                if (pixels > maxPixels) {
                    return rejected(ImageReasons.BOMB, format + " header declares " + width + "×" + height + " = "
                            + pixels + " pixels > image.max-pixels=" + maxPixels + " in a " + bytes.length
                            + "-byte file");
                }
                return new Probed(format, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Broken headers surface as IIOException, IndexOutOfBounds, NegativeArraySize … from the readers.
            return rejected(ImageReasons.UNDECODABLE, "unreadable header: " + e);
        }
    }

    private static ProbeResult rejected(String reason, String detail) {
        return new Rejected(new ImageRejection(reason, detail));
    }

    static String magic(byte[] bytes) {
        StringBuilder sb = new StringBuilder("starts with");
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(String.format(" %02x", bytes[i]));
        }
        return sb.toString();
    }
}
