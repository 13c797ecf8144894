package io.lclstream.flink.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageResizerTest {

    @Test
    void producesHwcRgbBytesOfTheModelSize() {
        ImageResizer resizer = new ImageResizer(224);
        byte[] hwc = resizer.toRgbBytes(TestImages.halves(400, 200));
        assertThat(hwc).hasSize(224 * 224 * 3);
        // The centre crop of a 2:1 image keeps its middle, so the left of the crop is red, the right blue.
        int y = 100;
        int left = (y * 224 + 10) * 3;
        int right = (y * 224 + 213) * 3;
        assertThat(new int[] {hwc[left] & 0xFF, hwc[left + 1] & 0xFF, hwc[left + 2] & 0xFF})
                .containsExactly(255, 0, 0);
        assertThat(new int[] {hwc[right] & 0xFF, hwc[right + 1] & 0xFF, hwc[right + 2] & 0xFF})
                .containsExactly(0, 0, 255);
    }

    @Test
    void cropsTheCentreOfATallImage() {
        BufferedImage tall = new BufferedImage(200, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 200; x++) {
                tall.setRGB(x, y, y < 200 || y >= 400 ? TestImages.BLUE : TestImages.RED);
            }
        }
        BufferedImage square = new ImageResizer(100).resizeAndCrop(tall);
        assertThat(square.getWidth()).isEqualTo(100);
        assertThat(square.getHeight()).isEqualTo(100);
        // The middle third (red) fills the crop.
        assertThat(square.getRGB(50, 5) & 0xFFFFFF).isEqualTo(TestImages.RED);
        assertThat(square.getRGB(50, 94) & 0xFFFFFF).isEqualTo(TestImages.RED);
    }

    @Test
    void averagesFineDetailInsteadOfAliasing() {
        // One-pixel black and white stripes: point sampling would give pure black or white; averaging gives grey.
        BufferedImage stripes = new BufferedImage(2048, 2048, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2048; y++) {
            for (int x = 0; x < 2048; x++) {
                stripes.setRGB(x, y, (x % 2 == 0) ? 0x000000 : 0xFFFFFF);
            }
        }
        byte[] hwc = new ImageResizer(224).toRgbBytes(stripes);
        int min = 255;
        int max = 0;
        for (byte b : hwc) {
            min = Math.min(min, b & 0xFF);
            max = Math.max(max, b & 0xFF);
        }
        assertThat(min).isGreaterThanOrEqualTo(100);
        assertThat(max).isLessThanOrEqualTo(155);
    }

    @Test
    void upscalesSmallImages() {
        BufferedImage small = TestImages.halves(160, 160);
        assertThat(new ImageResizer(224).resizeAndCrop(small).getWidth()).isEqualTo(224);
    }
}
