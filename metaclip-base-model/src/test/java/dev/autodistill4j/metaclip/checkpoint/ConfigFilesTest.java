package dev.autodistill4j.metaclip.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {
    @TempDir
    Path dir;

    @Test
    void huggingFaceDefaultsLegacyEosAndGelu() throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"), """
                {"projection_dim": 768,
                 "text_config": {"hidden_size": 768, "num_attention_heads": 12, "bos_token_id": 0, "eos_token_id": 2},
                 "vision_config": {"hidden_size": 1024, "num_hidden_layers": 24, "num_attention_heads": 16,
                                   "intermediate_size": 4096, "patch_size": 14, "hidden_act": "gelu"}}""");
        ClipConfig c = ConfigFiles.readHfConfig(f);
        assertThat(c.projectionDim()).isEqualTo(768);
        assertThat(c.vision()).isEqualTo(new ClipConfig.Vision(224, 14, 1024, 4096, 24, 16, 1e-5,
                ClipConfig.Activation.GELU));
        // eos_token_id 2 is transformers' legacy marker: pooling happens at the end-of-text token, id 49407
        assertThat(c.text()).isEqualTo(new ClipConfig.Text(77, 49408, 768, 2048, 12, 12, 1e-5,
                ClipConfig.Activation.QUICK_GELU, 49406, 49407));
    }

    @Test
    void openClipConfigDefaultsToQuickGeluAndHeadWidth64() throws IOException {
        Path f = Files.writeString(dir.resolve("model_config.json"), """
                {"embed_dim": 512, "vision_cfg": {"image_size": 224, "layers": 12, "width": 768, "patch_size": 32},
                 "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8, "layers": 12}}""");
        ClipConfig c = ConfigFiles.readOpenClipConfig(f);
        assertThat(c.vision()).isEqualTo(new ClipConfig.Vision(224, 32, 768, 3072, 12, 12, 1e-5,
                ClipConfig.Activation.QUICK_GELU));
        assertThat(c.text().heads()).isEqualTo(8);
        assertThat(c.text().intermediateSize()).isEqualTo(2048);
        Path gelu = Files.writeString(dir.resolve("gelu.json"), """
                {"embed_dim": 512, "quick_gelu": false, "vision_cfg": {}, "text_cfg": {}}""");
        assertThat(ConfigFiles.readOpenClipConfig(gelu).text().activation()).isEqualTo(ClipConfig.Activation.GELU);
    }

    @Test
    void badConfigsNameTheFile() throws IOException {
        Path notClip = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        assertThatThrownBy(() -> ConfigFiles.readHfConfig(notClip)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(notClip.toString()).hasMessageContaining("vision_config");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"embed_dim\": ");
        assertThatThrownBy(() -> ConfigFiles.readOpenClipConfig(broken)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(broken.toString());
        Path act = Files.writeString(dir.resolve("act.json"), """
                {"text_config": {"hidden_act": "relu"}, "vision_config": {}}""");
        assertThatThrownBy(() -> ConfigFiles.readHfConfig(act)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("relu");
        Path pre = Files.writeString(dir.resolve("preprocessor_config.json"), """
                {"size": 256, "crop_size": 224, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]}""");
        PreprocessorConfig p = ConfigFiles.readPreprocessor(pre, 224);
        assertThat(p.shortestEdge()).isEqualTo(256);
        assertThat(p.cropWidth()).isEqualTo(224);
        assertThat(p.mean()).containsExactly(0.5f, 0.5f, 0.5f);
    }

    /** A broken value in a config must be refused naming the file and the field, before any tensor is built. */
    @Test
    void invalidFieldsAreRefusedNamingFileAndField() throws IOException {
        String[][] hf = {
                {"\"patch_size\": 0", "vision_config.patch_size"},
                {"\"patch_size\": -16", "vision_config.patch_size"},
                {"\"patch_size\": \"32\"", "vision_config.patch_size"},
                {"\"patch_size\": 32.5", "vision_config.patch_size"},
                {"\"hidden_size\": 1e12", "vision_config.hidden_size"},
                {"\"num_attention_heads\": 7", "vision_config.num_attention_heads (7) must divide"},
                {"\"layer_norm_eps\": -1", "vision_config.layer_norm_eps"},
                {"\"num_hidden_layers\": true", "vision_config.num_hidden_layers"},
                {"\"patch_size\": 448", "larger than image_size"},
        };
        for (String[] c : hf) {
            Path f = Files.writeString(dir.resolve("config.json"), "{\"projection_dim\": 512, \"text_config\": {},"
                    + " \"vision_config\": {" + c[0] + "}}");
            assertThatThrownBy(() -> ConfigFiles.readHfConfig(f)).as(c[0]).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining(c[1]);
        }
        Path text = Files.writeString(dir.resolve("config.json"), """
                {"text_config": {"hidden_size": 512, "num_attention_heads": 3}, "vision_config": {}}""");
        assertThatThrownBy(() -> ConfigFiles.readHfConfig(text)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("text_config.num_attention_heads (3) must divide text_config.hidden_size (512)");
        Path tokens = Files.writeString(dir.resolve("config.json"), """
                {"text_config": {"vocab_size": 100, "eos_token_id": 500}, "vision_config": {}}""");
        assertThatThrownBy(() -> ConfigFiles.readHfConfig(tokens)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("eos_token_id");
        String[][] openClip = {
                {"\"vision_cfg\": {\"patch_size\": 0}, \"text_cfg\": {}", "vision_cfg.patch_size"},
                {"\"vision_cfg\": {\"head_width\": 60}, \"text_cfg\": {}", "vision_cfg.head_width (60) must divide"},
                {"\"vision_cfg\": {}, \"text_cfg\": {\"heads\": 0}", "text_cfg.heads"},
                {"\"vision_cfg\": {}, \"text_cfg\": {\"mlp_ratio\": \"four\"}", "text_cfg.mlp_ratio"},
                {"\"vision_cfg\": {}, \"text_cfg\": {\"context_length\": 1}", "text_cfg.context_length"},
                {"\"quick_gelu\": \"yes\", \"vision_cfg\": {}, \"text_cfg\": {}", "quick_gelu"},
        };
        for (String[] c : openClip) {
            Path f = Files.writeString(dir.resolve("model_config.json"), "{\"embed_dim\": 512, " + c[0] + "}");
            assertThatThrownBy(() -> ConfigFiles.readOpenClipConfig(f)).as(c[0])
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining(c[1]);
        }
        Path embed = Files.writeString(dir.resolve("model_config.json"), """
                {"embed_dim": -1, "vision_cfg": {}, "text_cfg": {}}""");
        assertThatThrownBy(() -> ConfigFiles.readOpenClipConfig(embed)).hasMessageContaining("embed_dim");
    }
}
