package io.lclstream.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PageSerializationTest {

  static Page sample() {
    byte[] pixels = new byte[2 * 2 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 20 - 100);
    }
    return new Page("page-1", "https://example.org/a", "warc", 1_714_564_800_000L, "en", 1_714_564_801_234L,
        new PageSegment[] {
            PageSegment.text("A first paragraph, with ünïcödé and an emoji 🦦."),
            PageSegment.imageRef("https://example.org/a.jpg", "an otter", 0.31),
            PageSegment.imageBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png", null, null, Double.NaN),
            PageSegment.imageRef("https://example.org/b.png", null, Double.NaN).withPixels(pixels, 2),
            PageSegment.text("")
        });
  }

  @Test
  void pageAndSegmentAreFlinkPojos() {
    TypeInformation<Page> page = TypeInformation.of(Page.class);
    assertThat(page).isInstanceOf(PojoTypeInfo.class);
    TypeInformation<?> segments = ((PojoTypeInfo<Page>) page).getTypeAt("segments");
    assertThat(segments).isInstanceOf(ObjectArrayTypeInfo.class);
    assertThat(((ObjectArrayTypeInfo<?, ?>) segments).getComponentInfo()).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(PageSegment.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void roundTripsAPageWithTextAndImageSegmentsWithGenericTypesDisabled() throws IOException {
    SerializerConfigImpl config = new SerializerConfigImpl();
    // With generic types disabled, any field that would fall back to Kryo makes createSerializer throw.
    config.setGenericTypes(false);
    TypeSerializer<Page> serializer = TypeInformation.of(Page.class).createSerializer(config);

    Page original = sample();
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(original, out);
    Page copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(copy).usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class) // NaN equals NaN
        .isEqualTo(original);
    assertThat(copy.segments()[3].decoded()).isTrue();
    assertThat(copy.segments()[3].data()).containsExactly(original.segments()[3].data());
    assertThat(copy.segments()[1].matchedSim()).isEqualTo(0.31);
    assertThat(copy.segments()[2].matchedSim()).isNaN();
    assertThat(copy.kafkaTimestamp()).isEqualTo(1_714_564_801_234L);
  }

  @Test
  void copiesAreDeepForTheSerializerOfRecords() {
    TypeSerializer<Page> serializer = TypeInformation.of(Page.class).createSerializer(new SerializerConfigImpl());
    Page original = sample();
    Page copy = serializer.copy(original);
    assertThat(copy).usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class) // NaN equals NaN
        .isEqualTo(original);
    // A shallow copy would share the pixel array between operators that run object reuse.
    assertThat(copy.segments()[3].data()).isNotSameAs(original.segments()[3].data());
  }
}
