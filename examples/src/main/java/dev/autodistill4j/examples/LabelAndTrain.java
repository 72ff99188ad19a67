package dev.autodistill4j.examples;

import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.label.LabelSummary;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.eval.EvaluationResult;
import dev.autodistill4j.trainers.eval.Evaluator;

import java.nio.file.Path;

/**
 * Example 3 of the MetaCLIP article: label a folder with the foundation model, train a small target model on
 * the labels, and (optionally) score it on a folder whose sub-folder names are the truth. One registry and one
 * set of trainers, made here from the class path (the public entries), serve all three steps: the trainer gets
 * its embedding model from the registry, and so does the trained model when it is loaded back.
 *
 * <pre>
 * java ... dev.autodistill4j.examples.LabelAndTrain metaclip:../shared/fixtures/shapes/shapes-clip \
 *     examples/src/main/resources/shapes-ontology.yaml ../shared/fixtures/shapes/images/pool /tmp/work \
 *     linear-probe ../shared/fixtures/shapes/images/extra
 * </pre>
 */
public final class LabelAndTrain {
    private LabelAndTrain() {
    }

    /** What the pipeline produced. */
    public record Outcome(LabelSummary labels, TrainingResult model, EvaluationResult evaluation) {
    }

    public static Outcome run(String modelSpec, Path ontology, Path images, Path workDir, String target,
                              Path truthFolder, ProgressListener progress) {
        Path dataset = workDir.resolve("dataset");
        LabelConfig config = LabelConfig.builder().model(modelSpec).ontologyFile(ontology).input(images)
                .output(dataset).confidence(0.0).build();
        BaseModelRegistry registry = BaseModelRegistry.discover();
        LabelSummary labels = new LabelRunner(registry).run(config, progress);

        TrainingRequest request = TrainingRequest.builder(dataset, workDir.resolve("model-" + target))
                .baseModel(modelSpec).embeddings(registry).progress(progress).build();
        TrainingResult trained = TargetTrainers.discover().find(target).train(request);

        EvaluationResult evaluation = null;
        if (truthFolder != null) {
            try (BaseModel m = registry.load("target:" + trained.modelDir(), null)) {
                evaluation = Evaluator.evaluate((ClassificationBaseModel) m, truthFolder, progress);
            }
        }
        return new Outcome(labels, trained, evaluation);
    }

    public static void main(String[] args) {
        if (args.length < 5) {
            System.err.println("usage: LabelAndTrain MODEL ONTOLOGY.yaml IMAGES WORK_DIR linear-probe|cnn [TRUTH_DIR]");
            System.exit(2);
        }
        OntologyLoader.load(Path.of(args[1])); // fail fast on a bad ontology
        Outcome o = run(args[0], Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), args[4],
                args.length > 5 ? Path.of(args[5]) : null, ProgressListener.NONE);
        o.labels().describe().forEach(System.out::println);
        System.out.println("model: " + o.model().modelDir() + " valid accuracy " + o.model().metrics()
                .get("valid_accuracy"));
        if (o.evaluation() != null) {
            System.out.printf("accuracy on %s: %.4f (%d images)%n", args[5], o.evaluation().accuracy(),
                    o.evaluation().scored());
        }
    }
}
