package dev.autodistill4j.trainers.student;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.data.DatasetRunRecord;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ontology a student is trained "with": its prompts are embedded by the teacher once, at training time,
 * and cached in the student, so classifying with it never loads the teacher. It is {@code -p prompts=FILE}
 * when given, else the ontology the dataset's {@code run.json} records ({@code label} output), else none —
 * a student needs no ontology to train, only to classify.
 */
final class TrainingPrompts {
    private TrainingPrompts() {
    }

    /** The training ontology, or null. */
    static CaptionOntology of(StudentConfig cfg, Path datasetDir) {
        if (cfg.prompts() != null) {
            Ontology o;
            try {
                o = OntologyLoader.loadAny(cfg.prompts());
            } catch (Autodistill4jException e) {
                throw new TrainingException("-p prompts=" + cfg.prompts() + ": " + e.getMessage(), e);
            }
            return asCaptions(o, cfg.prompts());
        }
        JsonNode recorded = DatasetRunRecord.of(datasetDir).ontology();
        if (recorded == null || !recorded.isObject()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        recorded.properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                m.put(e.getKey(), e.getValue().asText());
            }
        });
        return m.size() < 2 ? null : CaptionOntology.of(m);
    }

    private static CaptionOntology asCaptions(Ontology o, Path path) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int p = 0; p < o.prompts().size(); p++) {
            m.put(o.prompts().get(p), o.classes().get(o.classIdOfPrompt(p)));
        }
        if (m.isEmpty()) {
            throw new TrainingException("-p prompts=" + path + " has no prompts (only example images or vectors): "
                    + "give an ontology with prompts, or drop -p prompts");
        }
        return CaptionOntology.of(m);
    }
}
