package dev.autodistill4j.trainers.student;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.trainers.cnn.CnnExport;
import dev.autodistill4j.trainers.cnn.ImageTensors;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trained student's image tower, for exporters that rebuild it in another format (ONNX). The cnn student is
 * the {@code cnn} trainer's network without residual blocks, whose linear head has the teacher's embedding
 * dimension instead of one output per class; so its parts are given as a {@link CnnExport} (no classes,
 * residual off) that the cnn graph builder already mirrors, with the head's output left raw — the DJL student
 * returns raw, unnormalised embeddings and so must the export. The {@code vit-shrunk} student is a CLIP vision
 * tower with fewer layers, given as a {@link VitTowerExport} under Hugging Face tensor names, which a CLIP
 * vision-tower builder reads unchanged.
 *
 * @param arch       the student's shape
 * @param dimension  the embedding dimension (the teacher's)
 * @param logitScale the teacher's logit scale, recorded so a runtime classifies as the DJL student does
 * @param teacher    the teacher's spec and checkpoint sha256 as the student recorded them (its text side)
 * @param cnn        the cnn student's parameters in block order, or null for another shape
 * @param vit        the vit-shrunk student's tower, or null for another shape
 */
public record StudentExport(String arch, int dimension, double logitScale, Teacher teacher, CnnExport cnn,
                            VitTowerExport vit) {

    /** The teacher whose text tower and embedding space the student uses. */
    public record Teacher(String spec, String checkpointSha256) {
    }

    /** Loads a verified {@code student} directory on the CPU and copies its image tower's parameters out. */
    public static StudentExport read(TargetModelDirectory dir) {
        if (!StudentTrainer.NAME.equals(dir.trainer())) {
            throw new ModelLoadException(dir.dir() + " is a '" + dir.trainer() + "' model, not a student");
        }
        StudentConfig cfg = StudentConfig.read(dir);
        JsonNode e = dir.manifest().path("embedding");
        Teacher teacher = new Teacher(e.path("teacher").asText(null), e.path("teacher_checkpoint_sha256").asText(null));
        StudentModel model = StudentLoader.load(dir, new ModelRequest(dir.dir().toString(), null, Device.CPU,
                Map.of()));
        try {
            List<CnnExport.Param> params = new ArrayList<>();
            for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
                NDArray a = p.getValue().getArray();
                String name = cfg.arch() == StudentArch.CNN ? p.getKey() : p.getValue().getName();
                params.add(new CnnExport.Param(name, a.getShape().getShape(), a.toFloatArray()));
            }
            if (model.network() instanceof VitStudent vit) {
                return new StudentExport(cfg.arch().id(), model.embeddingDimension(), model.logitScale(), teacher,
                        null, VitTowerExport.of(vit, params));
            }
            CnnExport cnn = new CnnExport(List.of(), cfg.inputSize(), cfg.widths(), false, ImageTensors.MEAN,
                    ImageTensors.STD, 1e-5f, params);
            return new StudentExport(cfg.arch().id(), model.embeddingDimension(), model.logitScale(), teacher, cnn,
                    null);
        } finally {
            model.close();
        }
    }
}
