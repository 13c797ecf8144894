package io.lclstream.flink.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Owns turning image bytes (JPEG incl. CMYK/YCCK, PNG, GIF first frame, WebP, BMP — ImageIO plus TwelveMonkeys)
 * into an 8-bit RGB {@link BufferedImage}, after {@link ImageProbe} has checked the header, subsampling while
 * reading so that a large photo is never held at full size when only {@code minSide} pixels are needed.
 */
public final class ImageDecoder {
    /** Default least shorter side to keep while subsampling: twice the ViT-B/16 input, so resizing still averages. */
    public static final int DEFAULT_MIN_SIDE = 448;

    private final ImageProbe probe;
    private final int minSide;

    /**
     * @param probe   the header check run first (decompression-bomb limit)
     * @param minSide subsampling keeps the shorter side at least this large
     */
    public ImageDecoder(ImageProbe probe, int minSide) {
        this.probe = java.util.Objects.requireNonNull(probe, "probe");
        if (minSide < 1) {
            throw new IllegalArgumentException("image.decode.min-side=" + minSide + " must be at least 1; use "
                    + DEFAULT_MIN_SIDE + " (the default) or twice the model's image size");
        }
        this.minSide = minSide;
    }

    public static ImageDecoder withDefaults() {
        return new ImageDecoder(ImageProbe.withDefaults(), DEFAULT_MIN_SIDE);
    }

    /** The closed outcome of a decode. */
    public sealed interface DecodeResult permits Decoded, Rejected {
    }

    /**
     * @param image        TYPE_INT_RGB; transparency composited onto white
     * @param format       lower-case format name
     * @param sourceWidth  width declared by the file
     * @param sourceHeight height declared by the file
     * @param subsampling  the factor used while reading (1 = full size)
     */
    public record Decoded(BufferedImage image, String format, int sourceWidth, int sourceHeight, int subsampling)
            implements DecodeResult {
    }

    public record Rejected(ImageRejection rejection) implements DecodeResult {
    }

    /** Probes the header, then decodes. */
    public DecodeResult decode(byte[] bytes) {
        ImageProbe.ProbeResult probed = probe.probe(bytes);
        if (probed instanceof ImageProbe.Rejected r) {
            return new Rejected(r.rejection());
        }
        return decode(bytes, (ImageProbe.Probed) probed);
    }

    /** Decodes bytes whose header {@link ImageProbe} has already accepted (the caller may filter in between). */
    public DecodeResult decode(byte[] bytes, ImageProbe.Probed header) {
        int subsampling = Math.max(1, Math.min(header.width(), header.height()) / minSide);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return rejected("no ImageIO reader recognises these bytes (" + ImageProbe.magic(bytes) + ")");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                if (subsampling > 1) {
                    param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                }
                BufferedImage raw = reader.read(0, param); // GIF: the first frame
                return new Decoded(toRgb(raw), header.format(), header.width(), header.height(), subsampling);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return rejected(header.format() + " " + header.width() + "×" + header.height() + " failed to decode: " + e);
        } catch (OutOfMemoryError e) {
            // A header can lie below the pixel limit while the codec still needs more; drop the image, not the job.
            return rejected(header.format() + " " + header.width() + "×" + header.height()
                    + " needed more memory than available to decode");
        }
    }

    /** Converts any ImageIO result to TYPE_INT_RGB, compositing transparency onto white. */
    static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, src.getWidth(), src.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static DecodeResult rejected(String detail) {
        return new Rejected(new ImageRejection(ImageReasons.UNDECODABLE, detail));
    }
}
