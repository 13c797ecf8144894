package io.lclstream.flink.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageFilterTest {
    private final ImageFilter filter = ImageFilter.withDefaults();

    @Test
    void acceptsImagesAtTheLimits() {
        assertThat(filter.check(150, 150)).isEmpty();
        assertThat(filter.check(300, 150)).isEmpty(); // aspect exactly 2
        assertThat(filter.check(150, 300)).isEmpty(); // aspect exactly 0.5
    }

    @Test
    void rejectsASideBelowTheMinimum() {
        assertThat(filter.check(149, 300)).get().extracting(ImageRejection::reason).isEqualTo(ImageReasons.TOO_SMALL);
        assertThat(filter.check(300, 149)).get().extracting(ImageRejection::detail)
                .isEqualTo("300×149 has a side below image.min-side=150");
    }

    @Test
    void rejectsAspectOutsideTheRange() {
        assertThat(filter.check(301, 150)).get().extracting(ImageRejection::reason).isEqualTo(ImageReasons.ASPECT);
        assertThat(filter.check(150, 301)).get().extracting(ImageRejection::detail).asString()
                .contains("aspect 0.498").contains("image.min-aspect=0.5");
    }

    @Test
    void rejectsInvertedAspectBounds() {
        assertThatThrownBy(() -> new ImageFilter(150, 2.0, 0.5))
                .hasMessageContaining("image.min-aspect=2.0 / image.max-aspect=0.5");
    }
}
