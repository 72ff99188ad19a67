package dev.autodistill4j.spark.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorJvmFlagsTest {
    @Test
    void withoutAUserSettingExecutorsGetTheVectorApiAndNativeAccess() {
        assertThat(ExecutorJvmFlags.merged(Map.of(), null))
                .contains("--add-modules jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void aUserSettingIsKeptAndTheFlagsAppended() {
        assertThat(ExecutorJvmFlags.merged(Map.of(ExecutorJvmFlags.KEY, "-Xss4m"), "-Dfrom=submit"))
                .startsWith("-Xss4m ").endsWith(ExecutorJvmFlags.FLAGS).doesNotContain("from=submit");
        assertThat(ExecutorJvmFlags.merged(Map.of(), " -Dfrom=submit ")).isEqualTo("-Dfrom=submit " + ExecutorJvmFlags.FLAGS);
    }

    @Test
    void aSettingThatAlreadyAsksForTheVectorApiIsLeftAlone() {
        String own = "--add-modules=jdk.incubator.vector -Xss4m";
        assertThat(ExecutorJvmFlags.merged(Map.of(ExecutorJvmFlags.KEY, own), null)).isEqualTo(own);
    }
}
