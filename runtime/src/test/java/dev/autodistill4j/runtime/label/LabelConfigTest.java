package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelConfigTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path p = dir.resolve("config.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsEveryKeyAndResolvesPathsAgainstTheFile() throws Exception {
        LabelConfig c = LabelConfig.builder().fromYaml(yaml("""
                model: test-colour:default
                model_options: {aggregation: max}
                device: cpu
                ontology:
                  a red square: red
                  blue: blue
                input: images
                output: out
                confidence: 0.3
                split: [0.8, 0.1, 0.1]
                seed: 5
                batch: 4
                hard_link: true
                max_pixels: 1000
                decode_threads: 3
                """)).build();
        assertThat(c.decodeThreads()).isEqualTo(3);
        assertThat(c.model()).isEqualTo("test-colour:default");
        assertThat(c.modelOptions()).containsEntry("aggregation", "max");
        assertThat(c.ontology().classes()).containsExactly("red", "blue");
        assertThat(c.input()).isEqualTo(dir.resolve("images"));
        assertThat(c.output()).isEqualTo(dir.resolve("out"));
        assertThat(c.confidence()).isEqualTo(0.3);
        assertThat(c.splitter().train()).isEqualTo(0.8);
        assertThat(c.splitter().seed()).isEqualTo(5);
        assertThat(c.batchSize()).isEqualTo(4);
        assertThat(c.hardLink()).isTrue();
        assertThat(c.maxPixels()).isEqualTo(1000);
    }

    @Test
    void cliValuesOverrideTheFileAndOntologyMayBeAFile() throws Exception {
        Files.writeString(dir.resolve("onto.yaml"), "red: red\n");
        LabelConfig c = LabelConfig.builder().fromYaml(yaml("ontology: onto.yaml\ninput: a\noutput: b\nseed: 1\n"))
                .seed(9).build();
        assertThat(c.ontology().classes()).containsExactly("red");
        assertThat(c.splitter().seed()).isEqualTo(9);
        assertThat(c.model()).isEqualTo("metaclip");
    }

    @Test
    void refusesHostileOrWrongConfigs() throws Exception {
        assertThatThrownBy(() -> LabelConfig.builder().fromYaml(yaml("model: !!java.io.File [/etc/passwd]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("refused");
        assertThatThrownBy(() -> LabelConfig.builder().fromYaml(yaml("confidnce: 0.3\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'confidnce'");
        assertThatThrownBy(() -> LabelConfig.builder().fromYaml(yaml("seed: abc\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("seed must be a number");
        LabelConfig.Builder ok = LabelConfig.builder().fromYaml(yaml("ontology: {red: red}\ninput: a\noutput: b\n"));
        assertThatThrownBy(() -> ok.confidence(1.5).build()).hasMessageContaining("confidence 1.5");
        assertThatThrownBy(() -> ok.confidence(0.5).batchSize(0).build()).hasMessageContaining("batch 0");
        assertThatThrownBy(() -> ok.batchSize(1).decodeThreads(0).build()).hasMessageContaining("decode_threads 0");
        ok.decodeThreads(2);
        assertThatThrownBy(() -> ok.batchSize(2).split("0.5,0.4").build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("add up to 1");
        assertThatThrownBy(() -> ok.split("0.7,0.2,0.1").output(dir).input(dir.resolve("a")).build())
                .hasMessageContaining("contains the input folder");
        // no ontology: the model's own classes (a trained target model); LabelRunner refuses a model without any
        assertThat(LabelConfig.builder().input(dir).output(dir.resolve("o")).build().ontology()).isNull();
    }

    @Test
    void numbersMustBeFiniteAndWholeWhereCountsAreExpected() throws Exception {
        String base = "ontology: {red: red}\ninput: a\noutput: b\n";
        for (String bad : new String[] {"batch: 16.7", "batch: 1e10", "seed: 1.5", "seed: 99999999999999999999",
                "decode_threads: .nan", "max_pixels: .inf"}) {
            assertThatThrownBy(() -> LabelConfig.builder().fromYaml(yaml(base + bad + "\n")).build()).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad.substring(0, bad.indexOf(':')));
        }
        for (String bad : new String[] {"confidence: .nan", "confidence: 1.5e400", "confidence: -.inf"}) {
            assertThatThrownBy(() -> LabelConfig.builder().fromYaml(yaml(base + bad + "\n")).build()).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("confidence");
        }
        assertThatThrownBy(() -> LabelConfig.builder().fromYaml(yaml(base + "split: [.nan, 0.5, 0.5]\n")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("split");
        LabelConfig ok = LabelConfig.builder().fromYaml(yaml(base + "batch: 8\nseed: -3\nconfidence: 0.25\n")).build();
        assertThat(ok.batchSize()).isEqualTo(8);
        assertThat(ok.splitter().seed()).isEqualTo(-3);
        assertThat(ok.confidence()).isEqualTo(0.25);
    }
}
