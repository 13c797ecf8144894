package io.lclstream.flink.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private final AddressPolicy publicOnly = AddressPolicy.publicOnly();

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // literals are parsed, never looked up
    }

    @Test
    void allowsPublicAddresses() throws Exception {
        assertThat(publicOnly.refusal(ip("93.184.216.34"))).isEmpty();
        assertThat(publicOnly.refusal(ip("2606:2800:220:1:248:1893:25c8:1946"))).isEmpty();
        assertThat(publicOnly.refusal(ip("100.128.0.1"))).as("just outside CGNAT").isEmpty();
    }

    @Test
    void refusesLoopbackPrivateLinkLocalAnyLocalAndMulticast() throws Exception {
        for (String refused : new String[] {"127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1",
                "192.168.1.1", "100.64.0.1", "fd12:3456::1", "169.254.169.254", "fe80::1", "0.0.0.0", "::",
                "0.1.2.3", "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:127.0.0.1"}) {
            assertThat(publicOnly.refusal(ip(refused))).as(refused).isPresent();
        }
    }

    @Test
    void eachCategoryCanBeAllowedOnItsOwn() throws Exception {
        AddressPolicy loopback = new AddressPolicy(true, false, false);
        assertThat(loopback.refusal(ip("127.0.0.1"))).isEmpty();
        assertThat(loopback.refusal(ip("10.0.0.1"))).get().asString().contains("image.fetch.allow-private");
        AddressPolicy all = new AddressPolicy(true, true, true);
        assertThat(all.refusal(ip("169.254.1.1"))).isEmpty();
        assertThat(all.refusal(ip("fd00::1"))).isEmpty();
        assertThat(all.refusal(ip("0.0.0.0"))).as("any-local is never allowed").isPresent();
        assertThat(all.refusal(ip("224.0.0.1"))).as("multicast is never allowed").isPresent();
    }
}
