package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageHashTest {

    /** A picture with structure at several scales: a gradient, a disc and a bar. */
    private static BufferedImage scene(int w, int h, boolean mirrored) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int x = 0; x < w; x++) {
            int v = 255 * (mirrored ? w - 1 - x : x) / (w - 1);
            g.setColor(new Color(v, v / 2, 255 - v));
            g.drawLine(x, 0, x, h);
        }
        g.setColor(Color.WHITE);
        int cx = mirrored ? w - w / 3 : w / 3;
        g.fillOval(cx - w / 6, h / 4, w / 3, h / 2);
        g.setColor(Color.BLACK);
        g.fillRect(0, h * 4 / 5, w, h / 10);
        g.dispose();
        return img;
    }

    private static BufferedImage jpegRoundTrip(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    @Test
    void reencodedAndRescaledCopiesStayWithinAFewBits() throws Exception {
        BufferedImage original = scene(400, 300, false);
        long hash = ImageHash.pHash(original);
        assertThat(ImageHash.hammingDistance(hash, ImageHash.pHash(jpegRoundTrip(original)))).isLessThanOrEqualTo(4);
        assertThat(ImageHash.hammingDistance(hash, ImageHash.pHash(scaled(original, 200, 150)))).isLessThanOrEqualTo(4);
    }

    @Test
    void aDifferentPictureIsFarAway() {
        long a = ImageHash.pHash(scene(400, 300, false));
        long b = ImageHash.pHash(scene(400, 300, true));
        assertThat(ImageHash.hammingDistance(a, b)).isGreaterThan(16);
    }

    @Test
    void hashIsDeterministicAndSetsAboutHalfTheBits() {
        BufferedImage img = scene(320, 240, false);
        long hash = ImageHash.pHash(img);
        assertThat(ImageHash.pHash(img)).isEqualTo(hash);
        // Median split: 32 of the 64 coefficients lie above the median unless some tie with it.
        assertThat(Long.bitCount(hash)).isBetween(28, 32);
    }

    @Test
    void hammingDistanceCountsDifferingBits() {
        assertThat(ImageHash.hammingDistance(0b1011L, 0b0001L)).isEqualTo(2);
        assertThat(ImageHash.hammingDistance(-1L, 0L)).isEqualTo(64);
    }

    @Test
    void hashesWithinThreeBitsShareABucket() {
        long a = 0x0123_4567_89AB_CDEFL;
        long b = a ^ (1L << 3) ^ (1L << 20) ^ (1L << 40); // three bits in three different quarters
        long[] ka = ImageHash.bucketKeys(a);
        long[] kb = ImageHash.bucketKeys(b);
        assertThat(ka).hasSize(4);
        assertThat(kb[3]).isEqualTo(ka[3]); // the untouched top quarter
        assertThat(kb[0]).isNotEqualTo(ka[0]);
        // Quarter index is part of the key, so equal 16-bit values in different quarters do not collide.
        assertThat(ImageHash.bucketKeys(0L)).doesNotHaveDuplicates();
    }

    @Test
    void frequencyCapRemovesImagesSeenOnMorePagesThanAllowed() {
        ImageFrequencyCap cap = ImageFrequencyCap.withDefaults();
        assertThat(cap.isFrequent(10)).isFalse();
        assertThat(cap.isFrequent(11)).isTrue();
        assertThat(new ImageFrequencyCap(1).isFrequent(2)).isTrue();
    }
}
