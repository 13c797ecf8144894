package io.lclstream.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LclConfigTest {

    @Test
    void tinyPresetIsSmallAndDerivesOneVisualTokenPerPatch() {
        LclConfig tiny = LclConfig.preset("tiny");
        assertThat(tiny.name()).isEqualTo("tiny");
        assertThat(tiny.vision().imageSize()).isEqualTo(64);
        assertThat(tiny.visualTokens()).isEqualTo(16);
        assertThat(tiny.maxImages()).isEqualTo(6);
        assertThat(tiny.loss().contrastiveWeight()).isEqualTo(0.1);
        assertThat(tiny.loss().generationWeight()).isEqualTo(1.0);
    }

    @Test
    void b16PresetIsThePapersVitB16WithA12LayerWidth768Lm() {
        LclConfig b16 = LclConfig.preset("b16");
        assertThat(b16.vision().imageSize()).isEqualTo(224);
        assertThat(b16.vision().patchSize()).isEqualTo(16);
        assertThat(b16.visualTokens()).isEqualTo(196);
        assertThat(b16.vision().width()).isEqualTo(768);
        assertThat(b16.vision().layers()).isEqualTo(12);
        assertThat(b16.lm().layers()).isEqualTo(12);
        assertThat(b16.lm().width()).isEqualTo(768);
        assertThat(b16.optimizer().beta2()).isEqualTo(0.98);
        assertThat(b16.optimizer().eps()).isEqualTo(1e-6);
        assertThat(b16.optimizer().weightDecay()).isEqualTo(0.2);
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        assertThatThrownBy(() -> LclConfig.preset("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown model preset 'huge'")
                .hasMessageContaining("tiny, b16");
    }

    @Test
    void jsonRoundTripGivesAnEqualRecord() {
        LclConfig tiny = LclConfig.preset("tiny");
        String json = tiny.toJson();
        assertThat(json).contains("\"schedule\" : \"cosine\"");
        assertThat(LclConfig.fromJson(json)).isEqualTo(tiny);
    }

    @Test
    void rejectsHeadCountThatDoesNotDivideWidthAndSuggestsDivisors() {
        String json = LclConfig.preset("b16").toJson().replace("\"heads\" : 12,\n    \"mlpRatio\" : 4.0\n  },\n  \"maxImages\"",
                "\"heads\" : 7,\n    \"mlpRatio\" : 4.0\n  },\n  \"maxImages\"");
        assertThat(json).contains("\"heads\" : 7");
        assertThatThrownBy(() -> LclConfig.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lm.heads=7 must divide lm.width=768; use 6, 8 or 12");
    }

    @Test
    void rejectsPatchSizeThatDoesNotDivideImageSize() {
        assertThatThrownBy(() -> new LclConfig.Vision(64, 15, 128, 2, 4, 4.0))
                .hasMessageContaining("vision.patchSize=15 must divide vision.imageSize=64")
                .hasMessageContaining("use a divisor such as 4, 8 or 16");
    }

    @Test
    void rejectsContextTooShortForOneImage() {
        LclConfig tiny = LclConfig.preset("tiny");
        assertThatThrownBy(() -> new LclConfig(tiny.name(), tiny.vision(), tiny.pooling(),
                        new LclConfig.Language(10, 128, 2, 4, 4.0), 6, tiny.loss(), tiny.optimizer(), 1))
                .hasMessageContaining("lm.contextLength=10 cannot hold one image of 18 tokens")
                .hasMessageContaining("use at least 20");
    }

    @Test
    void rejectsBothLossWeightsZeroButAllowsEitherAlone() {
        assertThat(new LclConfig.Loss(0, 1).generationWeight()).isEqualTo(1);
        assertThat(new LclConfig.Loss(0.1, 0).contrastiveWeight()).isEqualTo(0.1);
        assertThatThrownBy(() -> new LclConfig.Loss(0, 0)).hasMessageContaining("both 0");
    }

    @Test
    void rejectsCosineScheduleThatEndsBeforeWarmUp() {
        LclConfig.Optimizer o = LclConfig.preset("tiny").optimizer();
        assertThatThrownBy(() -> o.withSchedule(1e-3, 100, LclConfig.Schedule.COSINE, 50))
                .hasMessageContaining("optimizer.totalSteps=50 must exceed optimizer.warmupSteps=100");
        assertThat(o.withSchedule(1e-3, 100, LclConfig.Schedule.CONSTANT, 50).schedule())
                .isEqualTo(LclConfig.Schedule.CONSTANT);
    }

    @Test
    void unknownKeyInJsonIsNamed() {
        String json = LclConfig.preset("tiny").toJson().replace("\"maxImages\"", "\"maxImagez\"");
        assertThatThrownBy(() -> LclConfig.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown key maxImagez in the model configuration")
                .hasMessageContaining("maxImages");
    }
}
