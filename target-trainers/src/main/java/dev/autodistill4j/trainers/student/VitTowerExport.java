package dev.autodistill4j.trainers.student;

import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.trainers.cnn.CnnExport;

import java.util.List;

/**
 * A trained {@code vit-shrunk} student's image tower, for exporters: a CLIP vision tower of {@code
 * vision.layers()} blocks whose tensors carry the Hugging Face {@code CLIPModel} names under the student's own
 * layer numbering (0 .. layers − 1), so an exporter that already rebuilds a CLIP vision tower from such names
 * rebuilds the student with the same code. The one tensor whose shape differs from the Hugging Face layout is
 * the patch embedding, stored {@code [width, 3·patch·patch]} (the convolution as one matrix, same element
 * order as {@code [width, 3, patch, patch]}).
 *
 * @param vision        the student's tower: the teacher's dimensions with {@code layers} = the layers kept
 * @param projectionDim the embedding dimension (the teacher's)
 * @param keptLayers    which teacher layer each student layer was initialised from (provenance only)
 * @param teacherLayers the teacher's depth
 * @param preprocessor  the teacher's image preprocessing, which the student uses unchanged
 * @param parameters    every tensor of the tower, named as above
 */
public record VitTowerExport(ClipConfig.Vision vision, int projectionDim, int[] keptLayers, int teacherLayers,
                             PreprocessorConfig preprocessor, List<CnnExport.Param> parameters) {
    public VitTowerExport {
        keptLayers = keptLayers.clone();
        parameters = List.copyOf(parameters);
    }

    @Override
    public int[] keptLayers() {
        return keptLayers.clone();
    }

    static VitTowerExport of(VitStudent vit, List<CnnExport.Param> parameters) {
        ClipConfig.Vision t = vit.vision();
        ClipConfig.Vision student = new ClipConfig.Vision(t.imageSize(), t.patchSize(), t.width(),
                t.intermediateSize(), vit.kept().length, t.heads(), t.layerNormEps(), t.activation());
        return new VitTowerExport(student, vit.projectionDim(), vit.kept(), t.layers(), vit.preprocessor(),
                parameters);
    }
}
