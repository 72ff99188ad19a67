package dev.autodistill4j.search.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostCheckTest {
    @Test
    void loopbackAcceptsItsOwnNamesAtItsOwnPortOnly() throws Exception {
        HostCheck h = new HostCheck("127.0.0.1", InetAddress.getByName("127.0.0.1"), 8080, Set.of());
        assertThat(h.allows("127.0.0.1:8080")).isTrue();
        assertThat(h.allows("localhost:8080")).isTrue();
        assertThat(h.allows("[::1]:8080")).isTrue();
        assertThat(h.allows("localhost.:8080")).isTrue();
        assertThat(h.allows("localhost")).as("port 80 implied").isFalse();
        assertThat(h.allows("localhost:8081")).isFalse();
        assertThat(h.allows("rebind.evil.example:8080")).isFalse();
        assertThat(h.allows("192.168.1.7:8080")).isFalse();
        assertThat(h.allows("localhost:80a")).isFalse();
        assertThat(h.allows(null)).isFalse();
    }

    @Test
    void allInterfacesAcceptAddressLiteralsAndAllowedNamesButNoOtherName() throws Exception {
        HostCheck h = new HostCheck("0.0.0.0", InetAddress.getByName("0.0.0.0"), 80, Set.of("photos.lan"));
        assertThat(h.allows("192.168.1.7")).isTrue();
        assertThat(h.allows("192.168.1.7:80")).isTrue();
        assertThat(h.allows("[fe80::1]")).isTrue();
        assertThat(h.allows("PHOTOS.LAN")).isTrue();
        assertThat(h.allows("evil.example")).isFalse();
        assertThat(h.allows("192.168.1.7.nip.io")).isFalse();
    }

    @Test
    void originsMustBeThisServersPage() throws Exception {
        HostCheck h = new HostCheck("127.0.0.1", InetAddress.getByName("127.0.0.1"), 8080, Set.of());
        assertThat(h.allowsOrigin(null)).isTrue();
        assertThat(h.allowsOrigin("http://127.0.0.1:8080")).isTrue();
        assertThat(h.allowsOrigin("http://localhost:8080")).isTrue();
        assertThat(h.allowsOrigin("http://evil.example")).isFalse();
        assertThat(h.allowsOrigin("http://evil.example:8080")).isFalse();
        assertThat(h.allowsOrigin("null")).isFalse();
        assertThat(h.allowsOrigin("https://127.0.0.1:8080")).isFalse();
        assertThat(h.allowsOrigin("http://127.0.0.1:8080@evil.example")).isFalse();
    }
}
