package dev.autodistill4j.spark.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The job jar reaches the executors by itself: spark.jars names it unless the user's setting already does. */
class JobJarTest {
    private final Path jar = Path.of("/opt/a4j/autodistill4j-spark.jar");

    @Test
    void withoutASettingTheJobJarIsShipped() {
        assertThat(JobJar.merged(Map.of(), null, jar)).isEqualTo("file:///opt/a4j/autodistill4j-spark.jar");
    }

    @Test
    void aUserSettingIsKeptAndTheJobJarAddedOnce() {
        assertThat(JobJar.merged(Map.of(JobJar.KEY, "hdfs:///libs/extra.jar"), null, jar))
                .isEqualTo("hdfs:///libs/extra.jar,file:///opt/a4j/autodistill4j-spark.jar");
        String submitted = "file:/home/u/autodistill4j-spark.jar";
        assertThat(JobJar.merged(Map.of(), submitted, jar)).isEqualTo(submitted);
    }

    @Test
    void outsideAJarNothingIsAdded() {
        assertThat(JobJar.merged(Map.of(), null, null)).isNull();
        assertThat(JobJar.location()).as("tests run from class folders").isNull();
    }
}
