package dev.autodistill4j.cli.trainers;

import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.trainers.eval.EvaluationResult;
import dev.autodistill4j.trainers.eval.Evaluator;
import dev.autodistill4j.trainers.eval.HtmlReport;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code autodistill4j evaluate}: scores any classifier — a trained {@code target:} model, or a base model with an
 * ontology — against folder-name truth.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a classifier on labelled images: a dataset's test/ split or any folder whose "
                + "sub-folder names are the truth. Prints one JSON line: accuracy, per_class precision/recall/f1/"
                + "support, confusion (truth -> predicted -> count), and unreadable files under 'failed'."})
public final class EvaluateCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset or folder of class folders.")
    Path data;

    @Option(names = "--ontology", paramLabel = "FILE",
            description = "For a base model: the ontology YAML (default: one prompt per truth folder name).")
    Path ontology;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report (confusion matrix, worst mistakes).")
    Path report;

    @Option(names = "--mistakes", converter = NumericOptions.NonNegative.class, defaultValue = "24", description = "Mistakes shown in the report (default: ${DEFAULT-VALUE}).")
    int mistakes;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        List<DatasetItem> truth = Evaluator.truth(data);
        Ontology o = null;
        if (!model.parsedSpec().provider().equals("target")) {
            o = ontology != null ? OntologyLoader.load(ontology)
                    : CaptionOntology.ofClasses(List.copyOf(new TreeSet<>(truth.stream().map(DatasetItem::label)
                    .toList())));
        }
        try (BaseModel m = model.load(registry.get(), o)) {
            if (!(m instanceof ClassificationBaseModel c)) {
                throw new ModelLoadException("model '" + model.spec() + "' cannot classify images: give a target "
                        + "model (--model target:DIR) or a classification model such as metaclip");
            }
            EvaluationResult r = Evaluator.evaluate(c, truth, ConsoleProgress.on(spec.commandLine().getErr()));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("model", model.spec());
            line.put("data", data.toAbsolutePath().toString());
            line.putAll(r.toJson());
            if (report != null) {
                HtmlReport.write(r, model.spec(), data, report, mistakes);
                line.put("report", report.toAbsolutePath().toString());
            }
            for (EvaluationResult.Failure f : r.failures()) {
                spec.commandLine().getErr().println("warning: " + f.error());
            }
            new JsonLines(spec.commandLine().getOut()).write(line);
        }
        return 0;
    }
}
