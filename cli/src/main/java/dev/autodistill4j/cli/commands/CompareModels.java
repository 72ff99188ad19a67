package dev.autodistill4j.cli.commands;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.trainers.eval.ComparedModel;
import dev.autodistill4j.trainers.eval.Comparison;
import dev.autodistill4j.trainers.eval.ComparisonReport;
import dev.autodistill4j.trainers.eval.Evaluator;
import dev.autodistill4j.trainers.eval.ModelComparison;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code compare --models A,B,C …}: options in, {@link ModelComparison} run, one JSON line per model out. */
final class CompareModels {
    private final BaseModelRegistry registry;
    private final ModelOptions options;
    private final CommandLine cli;

    CompareModels(BaseModelRegistry registry, ModelOptions options, CommandLine cli) {
        this.registry = registry;
        this.options = options;
        this.cli = cli;
    }

    void run(List<String> specs, Path ontologyFile, Path imagesDir, Path truthDir, Path report) {
        if (new java.util.HashSet<>(specs).size() != specs.size()) {
            throw new CommandLine.ParameterException(cli, "--models names a model twice: " + specs);
        }
        if (imagesDir == null && truthDir == null) {
            throw new CommandLine.ParameterException(cli, "compare --models needs --images DIR and/or --truth DIR");
        }
        List<DatasetItem> truth = truthDir == null ? List.of() : realPaths(Evaluator.truth(truthDir));
        List<Path> images = new ArrayList<>();
        if (imagesDir != null) {
            if (!Files.isDirectory(imagesDir)) {
                throw new Autodistill4jException(imagesDir + " is not a folder: --images must name the folder "
                        + "that holds the images");
            }
            ImageFiles.walk(imagesDir).forEach(p -> images.add(real(p)));
        }
        Ontology ontology = ontologyFile != null ? OntologyLoader.load(ontologyFile) : truth.isEmpty() ? null
                : CaptionOntology.ofClasses(List.copyOf(new TreeSet<>(truth.stream().map(DatasetItem::label).toList())));
        if (ontology == null && specs.stream().anyMatch(s -> !ComparedModel.ownsClasses(s))) {
            throw new CommandLine.ParameterException(cli, "give --ontology (or --truth class folders) for models "
                    + "that classify by an ontology");
        }
        Comparison c = ModelComparison.run(specs, spec -> ComparedModel.load(registry, spec, ontology,
                options.device(), options.options()), images, truth, ConsoleProgress.on(cli.getErr()));
        if (report != null) {
            ComparisonReport.write(c, imagesDir != null ? real(imagesDir) : real(truthDir), report);
        }
        JsonLines out = new JsonLines(cli.getOut());
        Map<String, Map<String, Double>> agreement = c.agreementMatrix();
        for (ModelComparison.ModelRun r : c.runs()) {
            out.write(line(r, agreement.get(r.spec()), c, report));
        }
    }

    private static Map<String, Object> line(ModelComparison.ModelRun r, Map<String, Double> agreement, Comparison c,
                                            Path report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.spec());
        m.put("images", r.predictions().size());
        m.put("unreadable", r.failures().size());
        m.put("images_per_second", r.imagesPerSecond());
        m.put("load_seconds", r.loadSeconds());
        Map<String, Double> others = new LinkedHashMap<>(agreement);
        others.remove(r.spec());
        m.put("agreement", others);
        m.put("disagreements", c.disagreements());
        if (r.evaluation() != null) {
            m.put("accuracy", r.evaluation().accuracy());
            m.put("macro_f1", r.evaluation().macroF1());
            m.put("evaluation", r.evaluation().toJson());
        }
        if (report != null) {
            m.put("report", report.toAbsolutePath().toString());
        }
        return m;
    }

    private static List<DatasetItem> realPaths(List<DatasetItem> items) {
        Map<Path, Path> seen = new HashMap<>();
        return items.stream().map(i -> new DatasetItem(seen.computeIfAbsent(i.image(), CompareModels::real),
                i.label(), i.split())).toList();
    }

    /** The same file reached two ways (a symlink, a relative path) is one image. */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
