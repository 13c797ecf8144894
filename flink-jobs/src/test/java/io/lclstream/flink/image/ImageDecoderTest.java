package io.lclstream.flink.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder decoder = ImageDecoder.withDefaults();

    private ImageDecoder.Decoded decoded(byte[] bytes) {
        ImageDecoder.DecodeResult result = decoder.decode(bytes);
        assertThat(result).isInstanceOf(ImageDecoder.Decoded.class);
        ImageDecoder.Decoded d = (ImageDecoder.Decoded) result;
        assertThat(d.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        return d;
    }

    private static void assertHalves(BufferedImage image, int left, int right, int tolerance) {
        int y = image.getHeight() / 2;
        assertThat(TestImages.colourDistance(image.getRGB(5, y) & 0xFFFFFF, left)).isLessThanOrEqualTo(tolerance);
        assertThat(TestImages.colourDistance(image.getRGB(image.getWidth() - 5, y) & 0xFFFFFF, right))
                .isLessThanOrEqualTo(tolerance);
    }

    @Test
    void decodesPngExactly() {
        ImageDecoder.Decoded d = decoded(TestImages.encode(TestImages.halves(200, 160), "png"));
        assertThat(d.format()).isEqualTo("png");
        assertHalves(d.image(), TestImages.RED, TestImages.BLUE, 0);
    }

    @Test
    void decodesJpegBmpAndGif() {
        assertHalves(decoded(TestImages.encode(TestImages.halves(200, 160), "jpeg")).image(),
                TestImages.RED, TestImages.BLUE, 12);
        assertHalves(decoded(TestImages.encode(TestImages.halves(200, 160), "bmp")).image(),
                TestImages.RED, TestImages.BLUE, 0);
        assertHalves(decoded(TestImages.encode(TestImages.halves(200, 160), "gif")).image(),
                TestImages.RED, TestImages.BLUE, 0);
    }

    @Test
    void decodesCmykJpegToTheRightRgbColours() throws Exception {
        byte[] cmyk = TestImages.cmykJpeg(200, 160);
        ImageDecoder.Decoded d = decoded(cmyk);
        assertThat(d.format()).isEqualTo("jpeg");
        // Through the default CMYK profile pure cyan and yellow land near #00ffff / #ffff00, not inverted or black.
        assertHalves(d.image(), 0x00FFFF, 0xFFFF00, 40);
    }

    @Test
    void decodesLosslessAndLossyWebp() {
        ImageDecoder.Decoded lossless = decoded(TestImages.resource("halves-240x160-lossless.webp"));
        assertThat(lossless.format()).isEqualTo("webp");
        assertThat(lossless.image().getWidth()).isEqualTo(240);
        assertHalves(lossless.image(), TestImages.RED, TestImages.BLUE, 0);
        assertHalves(decoded(TestImages.resource("halves-240x160-lossy.webp")).image(),
                TestImages.RED, TestImages.BLUE, 24);
    }

    @Test
    void decodesOnlyTheFirstFrameOfAnAnimatedGif() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int colour : new int[] {TestImages.RED, TestImages.BLUE}) {
                BufferedImage frame = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 160; y++) {
                    for (int x = 0; x < 160; x++) {
                        frame.setRGB(x, y, colour);
                    }
                }
                writer.writeToSequence(new IIOImage(frame, null,
                        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null)), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        assertHalves(decoded(bytes.toByteArray()).image(), TestImages.RED, TestImages.RED, 0);
    }

    @Test
    void compositesTransparencyOntoWhite() {
        BufferedImage argb = new BufferedImage(160, 160, BufferedImage.TYPE_INT_ARGB); // all transparent
        BufferedImage rgb = decoded(TestImages.encode(argb, "png")).image();
        assertThat(rgb.getRGB(80, 80) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void subsamplesLargeImagesWhileReading() {
        ImageDecoder.Decoded d = decoded(TestImages.encode(TestImages.halves(2000, 1000), "png"));
        // Shorter side 1000 / min side 448 → factor 2.
        assertThat(d.subsampling()).isEqualTo(2);
        assertThat(d.image().getWidth()).isEqualTo(1000);
        assertThat(d.image().getHeight()).isEqualTo(500);
        assertThat(d.sourceWidth()).isEqualTo(2000);
        assertHalves(d.image(), TestImages.RED, TestImages.BLUE, 0);
    }

    @Test
    void rejectsATruncatedFileAsUndecodable() {
        byte[] png = TestImages.encode(TestImages.halves(300, 200), "png");
        byte[] truncated = Arrays.copyOf(png, 60); // header intact, pixel data cut
        ImageDecoder.DecodeResult result = decoder.decode(truncated);
        assertThat(result).isInstanceOf(ImageDecoder.Rejected.class);
        assertThat(((ImageDecoder.Rejected) result).rejection().reason()).isEqualTo(ImageReasons.UNDECODABLE);
    }

    @Test
    void passesTheBombRefusalThrough() {
        ImageDecoder.DecodeResult result = decoder.decode(TestImages.bombPng(50_000, 50_000));
        assertThat(((ImageDecoder.Rejected) result).rejection().reason()).isEqualTo(ImageReasons.BOMB);
    }
}
