package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash64Test {

    @Test
    void matchesThePublishedReferenceValues() {
        // Values of the reference implementation (xxhsum / XXH64 with seed 0).
        assertThat(XxHash64.hash(new byte[0], 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(XxHash64.hash("abc".getBytes(StandardCharsets.US_ASCII), 0)).isEqualTo(0x44BC2CF5AD770999L);
    }

    @Test
    void hashLongEqualsHashingItsEightLittleEndianBytes() {
        long value = 0x0123456789ABCDEFL;
        byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        assertThat(XxHash64.hashLong(value, 42)).isEqualTo(XxHash64.hash(bytes, 42));
    }

    @Test
    void everyInputLengthPathDependsOnEveryByteAndTheSeed() {
        // Lengths cover the 32-byte stripes, the 8-byte, 4-byte and 1-byte tails.
        for (int length : new int[] {1, 4, 7, 8, 13, 31, 32, 33, 64, 100}) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 31 + 7);
            }
            long base = XxHash64.hash(data, 0);
            assertThat(XxHash64.hash(data, 1)).as("seed, length %d", length).isNotEqualTo(base);
            for (int i = 0; i < length; i++) {
                byte[] flipped = data.clone();
                flipped[i] ^= 1;
                assertThat(XxHash64.hash(flipped, 0)).as("byte %d of %d", i, length).isNotEqualTo(base);
            }
        }
    }
}
