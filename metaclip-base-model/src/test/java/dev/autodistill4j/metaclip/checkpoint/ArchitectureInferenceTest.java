package dev.autodistill4j.metaclip.checkpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The head-count rule used when a checkpoint comes without any config: the released towers' own values. */
class ArchitectureInferenceTest {

    @Test
    void imageTowersUpToViTLHave64WideHeads() {
        assertThat(ArchitectureInference.visionHeads(768)).isEqualTo(12);  // ViT-B
        assertThat(ArchitectureInference.visionHeads(1024)).isEqualTo(16); // ViT-L
    }

    @Test
    void openClipsWideImageTowersHave16Heads() {
        assertThat(ArchitectureInference.visionHeads(1280)).isEqualTo(16); // ViT-H (MetaCLIP h14), head_width 80
        assertThat(ArchitectureInference.visionHeads(1408)).isEqualTo(16); // ViT-g, head_width 88
        assertThat(ArchitectureInference.visionHeads(1664)).isEqualTo(16); // ViT-bigG, head_width 104
    }

    @Test
    void textTowersHave64WideHeads() {
        assertThat(ArchitectureInference.heads(512)).isEqualTo(8);   // B
        assertThat(ArchitectureInference.heads(1024)).isEqualTo(16); // H
        assertThat(ArchitectureInference.heads(1280)).isEqualTo(20); // bigG
    }
}
