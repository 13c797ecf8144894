package io.lclstream.flink.dedup;

import java.awt.image.BufferedImage;

/**
 * Owns the 64-bit perceptual hash of an image (DCT pHash) and the Hamming distance between two hashes: the
 * same picture re-encoded, rescaled or slightly recoloured keeps a hash within a few bits.
 *
 * <p>Steps: luminance, box-averaged down to 32×32 (plain arithmetic, so the hash does not depend on Java2D
 * rendering hints or the JVM); 2-D DCT-II; the 8×8 lowest frequencies; bit {@code 8u+v} is set when
 * coefficient (u, v) is above the median of those 64.
 */
public final class ImageHash {
    private static final int SIZE = 32;
    private static final int LOW = 8;
    private static final double[][] COS = new double[LOW][SIZE];

    static {
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < SIZE; x++) {
                COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2.0 * SIZE));
            }
        }
    }

    private ImageHash() {
    }

    /** The 64-bit pHash of {@code image} (any type; alpha ignored). */
    public static long pHash(BufferedImage image) {
        double[][] lum = downscaledLuminance(image);
        // dct[u][v] for the low 8×8 only; separable: rows first, then columns.
        double[][] rowPass = new double[SIZE][LOW]; // [y][v]
        for (int y = 0; y < SIZE; y++) {
            for (int v = 0; v < LOW; v++) {
                double s = 0;
                for (int x = 0; x < SIZE; x++) {
                    s += lum[y][x] * COS[v][x];
                }
                rowPass[y][v] = s;
            }
        }
        double[] coeffs = new double[LOW * LOW];
        for (int u = 0; u < LOW; u++) {
            for (int v = 0; v < LOW; v++) {
                double s = 0;
                for (int y = 0; y < SIZE; y++) {
                    s += rowPass[y][v] * COS[u][y];
                }
                coeffs[u * LOW + v] = s;
            }
        }
        double[] sorted = coeffs.clone();
        java.util.Arrays.sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2.0;
        long hash = 0;
        for (int i = 0; i < coeffs.length; i++) {
            if (coeffs[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    /** The number of differing bits. */
    public static int hammingDistance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /**
     * Four bucket keys, one per 16-bit quarter of the hash (quarter index in the top bits). Two hashes within
     * Hamming distance 3 share at least one quarter (pigeonhole), so keyed state on these buckets finds every
     * such pair with four look-ups instead of a scan.
     */
    public static long[] bucketKeys(long hash) {
        long[] keys = new long[4];
        for (int q = 0; q < 4; q++) {
            keys[q] = ((long) q << 16) | ((hash >>> (16 * q)) & 0xFFFFL);
        }
        return keys;
    }

    private static double[][] downscaledLuminance(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        double[][] out = new double[SIZE][SIZE];
        for (int ty = 0; ty < SIZE; ty++) {
            int y0 = ty * h / SIZE;
            int y1 = Math.max(y0 + 1, (ty + 1) * h / SIZE);
            for (int tx = 0; tx < SIZE; tx++) {
                int x0 = tx * w / SIZE;
                int x1 = Math.max(x0 + 1, (tx + 1) * w / SIZE);
                double sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int p = rgb[y * w + x];
                        sum += 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                    }
                }
                out[ty][tx] = sum / ((y1 - y0) * (x1 - x0));
            }
        }
        return out;
    }
}
