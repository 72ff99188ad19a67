package dev.autodistill4j.metaclip.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HubSettingsTest {
    @AfterEach
    void clear() {
        System.clearProperty("autodistill4j.hf.endpoint");
        System.clearProperty("autodistill4j.cache");
        System.clearProperty("autodistill4j.offline");
    }

    @Test
    void systemPropertiesOverrideTheEnvironment() {
        System.setProperty("autodistill4j.hf.endpoint", "http://127.0.0.1:9/");
        System.setProperty("autodistill4j.cache", "/tmp/a4j-cache");
        System.setProperty("autodistill4j.offline", "0");
        HubSettings s = HubSettings.fromEnvironment();
        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9"));
        assertThat(s.cacheDir()).isEqualTo(Path.of("/tmp/a4j-cache"));
        assertThat(s.offline()).isFalse();
        System.setProperty("autodistill4j.offline", "TRUE");
        assertThat(HubSettings.fromEnvironment().offline()).isTrue();
    }

    @Test
    void defaultsAreTheHubAndTheUserCache() {
        HubSettings s = HubSettings.fromEnvironment();
        if (System.getenv("AUTODISTILL4J_HF_ENDPOINT") == null) {
            assertThat(s.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        }
        if (System.getenv("AUTODISTILL4J_CACHE") == null) {
            assertThat(s.cacheDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "autodistill4j"));
        }
        // surefire sets AUTODISTILL4J_OFFLINE=1 so that no test can reach the network by accident
        assertThat(s.offline()).isEqualTo("1".equals(System.getenv("AUTODISTILL4J_OFFLINE")));
    }
}
