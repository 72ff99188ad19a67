package dev.autodistill4j.trainers.student;

import ai.djl.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.model.Provenance;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained student as a target model directory: the weights, the training prompts' teacher
 * embeddings ({@link TeacherText#FILE}), and a manifest whose {@code embedding} block says what makes it an
 * embedding model — dimension, the teacher's logit scale, the teacher (spec and checkpoint sha256) whose text
 * tower it uses, and its training ontology. The teacher-embedding cache moves in with it.
 */
final class StudentWriter {
    private StudentWriter() {
    }

    static TrainingResult write(TrainingRequest request, Path out, StudentNetworkFactory.Built built, Model model,
                                EmbeddingModel teacher, CaptionOntology prompts, Map<String, Object> metrics,
                                String imagesSha256, int trainImages, int validImages) {
        ObjectMapper json = TargetModelWriter.json();
        try (TargetModelWriter writer = TargetModelWriter.create(out, TeacherEmbeddings.FILES)) {
            writer.file(StudentTrainer.WEIGHTS);
            model.setProperty("Epoch", "0");
            model.save(writer.stagingDir(), StudentTrainer.WEIGHTS_PREFIX);
            if (prompts != null) {
                Map<String, float[]> cached = new LinkedHashMap<>();
                List<float[]> vectors = teacher.embedTexts(prompts.prompts());
                for (int i = 0; i < vectors.size(); i++) {
                    cached.put(prompts.prompts().get(i), vectors.get(i));
                }
                TeacherText.write(writer.file(TeacherText.FILE), cached);
            }
            ModelInfo t = teacher.info();
            ObjectNode manifest = json.createObjectNode();
            manifest.put("trainer", StudentTrainer.NAME);
            manifest.set("classes", json.valueToTree(prompts == null ? List.of() : prompts.classes()));
            ObjectNode embedding = manifest.putObject("embedding");
            embedding.put("dimension", teacher.embeddingDimension());
            embedding.put("logit_scale", teacher.logitScale());
            embedding.put("teacher", t.spec());
            embedding.put("teacher_checkpoint_sha256", t.checkpointSha256());
            embedding.set("ontology", prompts == null ? null : json.valueToTree(prompts.asMap()));
            manifest.set("preprocessing", built.network().preprocessing());
            manifest.set("provenance", provenance(request, t, prompts, imagesSha256, trainImages, validImages)
                    .toJson());
            manifest.set("hyper_parameters", json.valueToTree(built.config().toHyperParameters()));
            manifest.set("metrics", json.valueToTree(metrics));
            Path dir = writer.commit(manifest);
            return new TrainingResult(dir, StudentTrainer.NAME, prompts == null ? List.of() : prompts.classes(),
                    metrics);
        } catch (IOException e) {
            throw new TrainingException("cannot write the student's files into " + out + ": " + e.getMessage(), e);
        }
    }

    private static Provenance provenance(TrainingRequest request, ModelInfo t, CaptionOntology prompts,
                                         String imagesSha256, int trainImages, int validImages) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("train", trainImages);
        counts.put("valid", validImages);
        return new Provenance(StudentTrainer.NAME, Instant.now().toString(), request.seed(),
                new Provenance.BaseModelSource(t.spec(), t.provider(), t.reference(), t.checkpoint(),
                        t.checkpointSha256(), t.license()),
                new Provenance.DatasetSource(request.datasetDir().toAbsolutePath().toString(), imagesSha256, counts),
                prompts == null ? null : TargetModelWriter.json().valueToTree(prompts.asMap()), null,
                Provenance.SoftwareVersions.current());
    }
}
