package io.lclstream.flink.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Owns bringing a decoded image to the model's input: shorter side scaled to {@code size} (halving in steps
 * while more than twice too large, then one bicubic step, so downscaling averages instead of skipping pixels),
 * centre-cropped to {@code size}×{@code size}, returned as HWC uint8 RGB.
 *
 * <p>Shapes: input H×W (any); output {@code byte[size * size * 3]}, index {@code (y * size + x) * 3 + c},
 * c = 0 red, 1 green, 2 blue.
 */
public final class ImageResizer {
    private final int size;

    public ImageResizer(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("model image size=" + size + " must be at least 1 (ViT-B/16 uses 224)");
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Resize and centre-crop to a {@code size}×{@code size} TYPE_INT_RGB image. */
    public BufferedImage resizeAndCrop(BufferedImage source) {
        BufferedImage current = ImageDecoder.toRgb(source);
        int w = current.getWidth();
        int h = current.getHeight();
        double scale = (double) size / Math.min(w, h);
        int targetW = Math.max(size, (int) Math.round(w * scale));
        int targetH = Math.max(size, (int) Math.round(h * scale));
        // Halve while at least twice too large: bilinear over 2×2 is a box filter, so no pixel is skipped.
        while (current.getWidth() >= 2 * targetW && current.getHeight() >= 2 * targetH) {
            current = scale(current, current.getWidth() / 2, current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() != targetW || current.getHeight() != targetH) {
            current = scale(current, targetW, targetH, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        int x0 = (targetW - size) / 2;
        int y0 = (targetH - size) / 2;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(current, -x0, -y0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Resize, centre-crop and lay out as HWC uint8 RGB: {@code byte[size * size * 3]}. */
    public byte[] toRgbBytes(BufferedImage source) {
        BufferedImage square = resizeAndCrop(source);
        int[] argb = square.getRGB(0, 0, size, size, null, 0, size); // [size*size], row-major
        byte[] hwc = new byte[size * size * 3];
        for (int i = 0; i < argb.length; i++) {
            hwc[3 * i] = (byte) (argb[i] >> 16);
            hwc[3 * i + 1] = (byte) (argb[i] >> 8);
            hwc[3 * i + 2] = (byte) argb[i];
        }
        return hwc;
    }

    private static BufferedImage scale(BufferedImage src, int w, int h, Object interpolation) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
