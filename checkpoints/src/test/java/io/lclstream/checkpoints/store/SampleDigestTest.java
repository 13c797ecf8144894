package io.lclstream.checkpoints.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SampleDigestTest {

  @Test
  void isIndependentOfOrder() {
    SampleDigest a = SampleDigest.empty().add("p1").add("p2").add("p3");
    SampleDigest b = SampleDigest.empty().add("p3").add("p1").add("p2");
    assertThat(a.hex()).isEqualTo(b.hex());
    assertThat(a).isEqualTo(b);
  }

  @Test
  void trainingASampleTwiceChangesTheDigest() {
    SampleDigest once = SampleDigest.empty().add("p1").add("p2");
    SampleDigest twice = SampleDigest.empty().add("p1").add("p2").add("p2");
    assertThat(twice.hex()).isNotEqualTo(once.hex());
    // Unlike XOR, adding the same id twice does not cancel it out.
    assertThat(SampleDigest.empty().add("x").add("x").hex()).isNotEqualTo(SampleDigest.empty().hex());
  }

  @Test
  void equalsTheSumOfSha256ModuloTwoToThe256() throws Exception {
    var md = java.security.MessageDigest.getInstance("SHA-256");
    BigInteger expected = BigInteger.ZERO;
    for (String id : new String[] {"a", "b", "ünïcode", ""}) {
      expected = expected.add(new BigInteger(1, md.digest(id.getBytes(StandardCharsets.UTF_8))));
    }
    expected = expected.mod(BigInteger.ONE.shiftLeft(256));
    SampleDigest d = SampleDigest.empty().add("a").add("b").add("ünïcode").add("");
    assertThat(d.hex()).isEqualTo(String.format("%064x", expected));
  }

  @Test
  void combineEqualsAddingBothStreams() {
    SampleDigest left = SampleDigest.empty().add("a").add("b");
    SampleDigest right = SampleDigest.empty().add("c").add("a");
    SampleDigest all = SampleDigest.empty().add("a").add("b").add("c").add("a");
    assertThat(left.combine(right)).isEqualTo(all);
    assertThat(left.hex()).isEqualTo(SampleDigest.empty().add("a").add("b").hex()); // combine does not mutate
  }

  @Test
  void roundTripsThroughHex() {
    SampleDigest d = SampleDigest.empty();
    for (int i = 0; i < 1000; i++) {
      d.add("page-" + i);
    }
    assertThat(SampleDigest.fromHex(d.hex())).isEqualTo(d);
    assertThat(SampleDigest.fromHex(d.hex()).add("next")).isEqualTo(d.copy().add("next"));
    assertThat(SampleDigest.empty().hex()).isEqualTo("0".repeat(64));
  }

  @Test
  void rejectsMalformedHexNamingTheValue() {
    assertThatThrownBy(() -> SampleDigest.fromHex("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'abc'")
        .hasMessageContaining("64 hexadecimal");
  }
}
