package io.lclstream.flink.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageProbeTest {
    private final ImageProbe probe = ImageProbe.withDefaults();

    @Test
    void readsFormatAndSizeOfEverySupportedFormat() {
        assertThat(probe.probe(TestImages.encode(TestImages.halves(300, 200), "png")))
                .isEqualTo(new ImageProbe.Probed("png", 300, 200));
        assertThat(probe.probe(TestImages.encode(TestImages.halves(320, 240), "jpeg")))
                .isEqualTo(new ImageProbe.Probed("jpeg", 320, 240));
        assertThat(probe.probe(TestImages.encode(TestImages.halves(160, 170), "gif")))
                .isEqualTo(new ImageProbe.Probed("gif", 160, 170));
        assertThat(probe.probe(TestImages.encode(TestImages.halves(181, 150), "bmp")))
                .isEqualTo(new ImageProbe.Probed("bmp", 181, 150));
        assertThat(probe.probe(TestImages.resource("halves-240x160-lossless.webp")))
                .isEqualTo(new ImageProbe.Probed("webp", 240, 160));
    }

    @Test
    void refusesADecompressionBombFromItsHeaderAlone() {
        byte[] bomb = TestImages.bombPng(100_000, 100_000);
        assertThat(bomb.length).isLessThan(100);
        ImageProbe.ProbeResult result = probe.probe(bomb);
        assertThat(result).isInstanceOf(ImageProbe.Rejected.class);
        ImageRejection rejection = ((ImageProbe.Rejected) result).rejection();
        assertThat(rejection.reason()).isEqualTo(ImageReasons.BOMB);
        assertThat(rejection.detail()).contains("100000×100000").contains("image.max-pixels=67108864");
    }

    @Test
    void acceptsAnImageExactlyAtThePixelLimit() {
        ImageProbe small = new ImageProbe(300L * 200L);
        byte[] png = TestImages.encode(TestImages.halves(300, 200), "png");
        assertThat(small.probe(png)).isInstanceOf(ImageProbe.Probed.class);
        assertThat(new ImageProbe(300L * 200L - 1).probe(png)).isInstanceOf(ImageProbe.Rejected.class);
    }

    @Test
    void refusesBytesNoReaderRecognises() {
        ImageProbe.ProbeResult result = probe.probe("<html>not an image</html>".getBytes());
        assertThat(((ImageProbe.Rejected) result).rejection().reason()).isEqualTo(ImageReasons.UNDECODABLE);
        assertThat(((ImageProbe.Rejected) result).rejection().detail()).contains("starts with 3c 68 74 6d");
    }
}
