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
}
