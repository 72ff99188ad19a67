package dev.autodistill4j.bench.clip;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.hub.ModelReferences;
import dev.autodistill4j.onnx.OnnxExports;
import dev.autodistill4j.onnx.OnnxProvider;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.student.StudentArch;
import dev.autodistill4j.trainers.student.StudentParameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code bench --students}: the teacher and a student of every shape ({@code -p arch=…} at its default
 * settings), measured in one run end to end from the same JPEGs through the product's own path — workers decode
 * the next batch while the model's {@link EmbeddingModel#embedImages} preprocesses and embeds the current one, as
 * {@code embed} and {@code label} do — on DJL PyTorch and, with {@code onnx}, on ONNX Runtime fp32 and int8.
 *
 * <p>The teacher is the random model of {@code architecture} written as a checkpoint folder
 * ({@link RandomCheckpointFolder}), or one {@code metaclip:REF}. Each student is made by the {@code student}
 * trainer itself from that teacher (so {@code vit-shrunk} inherits the teacher's weights exactly as in a real
 * run), but trained for one epoch on a few JPEGs only: its weights are not trained for accuracy, and speed does
 * not depend on them. Everything is prepared first (training, exports), then the networks are measured back to
 * back, so the ratios to the teacher come from the same minutes of the machine.
 */
final class StudentBench {
    /** JPEGs the students are fitted on: enough for the trainer, few enough to take seconds. */
    static final int TRAIN_IMAGES = 8;
    static final String WEIGHTS_NOTE = "not trained for accuracy: the student trainer's network from this teacher "
            + "(vit-shrunk inherits its weights), fitted for 1 epoch on " + TRAIN_IMAGES + " JPEGs; speed does not "
            + "depend on weight values";

    private final ClipBench.Config config;
    private final PrintStream log;

    StudentBench(ClipBench.Config config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /** Prepares and measures every candidate, handing each row to {@code rows}; deletes what it wrote. */
    void run(Consumer<Map<String, Object>> rows) throws Exception {
        if (config.models().size() > 1) {
            throw new Autodistill4jException("`students` compares one teacher with its students: give at most one "
                    + "`model` (a metaclip:REF), or none for a random " + config.architecture() + " teacher");
        }
        Path root = Files.createTempDirectory("autodistill4j-bench-students");
        try {
            List<StudentCandidate> candidates = new ArrayList<>();
            Path checkpoint = teacherCheckpoint(root);
            String label = config.models().isEmpty() ? "random:" + config.architecture() : config.models().get(0);
            candidates.addAll(teacher(label, checkpoint, root));
            Path train = Files.createDirectories(root.resolve("train"));
            BenchImages.write(train, TRAIN_IMAGES, 11);
            for (StudentArch arch : StudentArch.values()) {
                candidates.addAll(student(arch, "metaclip:" + checkpoint, train, root));
            }
            List<Path> files = BenchImages.write(Files.createDirectories(root.resolve("images")), needed(), 7);
            StudentRows out = new StudentRows(rows, log, WEIGHTS_NOTE);
            for (StudentCandidate c : candidates) {
                if (c.supported()) {
                    measure(c, files, out);
                } else {
                    out.unsupported(c);
                }
            }
        } finally {
            delete(root);
        }
    }

    private Path teacherCheckpoint(Path root) throws IOException {
        if (config.models().isEmpty()) {
            log.println("bench: writing a random " + config.architecture() + " teacher checkpoint…");
            return RandomCheckpointFolder.write(ClipBench.architecture(config.architecture()),
                    root.resolve("teacher"));
        }
        ModelSpec spec = ModelSpec.parse(config.models().get(0));
        if (!"metaclip".equals(spec.provider())) {
            throw new Autodistill4jException("`students` distils from a metaclip teacher: give `model` metaclip:REF, "
                    + "not " + spec);
        }
        return ModelReferences.resolve(spec.reference() == null ? "hf:" + MetaclipProvider.DEFAULT_REFERENCE
                : spec.reference());
    }

    private List<StudentCandidate> teacher(String label, Path checkpoint, Path root) {
        long[] params = ModelFootprint.clipParameters(checkpoint);
        String arch = config.models().isEmpty() ? config.architecture() : "clip";
        List<StudentCandidate> out = new ArrayList<>();
        out.add(new StudentCandidate(label, StudentCandidate.TEACHER, arch, StudentCandidate.DJL, "fp32",
                "metaclip:" + checkpoint, null, params[0], params[1], ModelFootprint.folderBytes(checkpoint)));
        for (Precision p : onnxPrecisions()) {
            Path dir = root.resolve("onnx-teacher-" + p.id());
            log.println("bench: exporting the teacher to ONNX " + p.id() + "…");
            try {
                OnnxExports.clip(checkpoint.toString(), p, dir);
                out.add(new StudentCandidate(label, StudentCandidate.TEACHER, arch, StudentCandidate.ONNX, p.id(),
                        OnnxProvider.NAME + ":" + dir, null, params[0], params[1], ModelFootprint.folderBytes(dir)));
            } catch (Autodistill4jException e) {
                out.add(StudentCandidate.unsupported(label, StudentCandidate.TEACHER, arch, StudentCandidate.ONNX,
                        p.id(), e.getMessage()));
            }
        }
        return out;
    }

    /** Trains the {@code arch} student as {@code train --target student -p arch=…} would, then exports it. */
    private List<StudentCandidate> student(StudentArch arch, String teacher, Path train, Path root) {
        Path dir = root.resolve("student-" + arch.id());
        log.println("bench: making the " + arch.id() + " student with the student trainer (1 epoch)…");
        TargetTrainers.find("student").train(TrainingRequest.builder(train, dir).baseModel(teacher).epochs(1)
                .seed(42).param("arch", arch.id()).param("views", "1").param("batch-size", "4")
                .device(config.device()).build());
        long params = StudentParameters.count(TargetModelDirectory.open(dir));
        String label = "student:" + arch.id();
        List<StudentCandidate> out = new ArrayList<>();
        out.add(new StudentCandidate(label, StudentCandidate.STUDENT, arch.id(), StudentCandidate.DJL, "fp32",
                "target:" + dir, null, params, params, ModelFootprint.folderBytes(dir)));
        for (Precision p : onnxPrecisions()) {
            Path export = root.resolve("onnx-" + arch.id() + "-" + p.id());
            try {
                OnnxExports.target(dir.toString(), p, export);
                out.add(new StudentCandidate(label, StudentCandidate.STUDENT, arch.id(), StudentCandidate.ONNX,
                        p.id(), OnnxProvider.NAME + ":" + export, null, params, params,
                        ModelFootprint.folderBytes(export)));
            } catch (Autodistill4jException e) {
                out.add(StudentCandidate.unsupported(label, StudentCandidate.STUDENT, arch.id(),
                        StudentCandidate.ONNX, p.id(), e.getMessage()));
            }
        }
        return out;
    }

    private List<Precision> onnxPrecisions() {
        return config.onnx() ? List.of(Precision.values()) : List.of();
    }

    private void measure(StudentCandidate c, List<Path> files, StudentRows out) throws InterruptedException {
        ModelSpec spec = ModelSpec.parse(c.spec());
        Map<String, String> options = new LinkedHashMap<>();
        if (OnnxProvider.NAME.equals(spec.provider())) {
            options.put(OnnxProvider.THREADS, String.valueOf(config.threads() == null
                    ? Runtime.getRuntime().availableProcessors() : config.threads()));
            options.put(OnnxProvider.SPIN, "false");
        }
        if (StudentCandidate.TEACHER.equals(c.role())) { // one network call per batch, as for the students
            options.put("batch", String.valueOf(config.batches().stream().max(Integer::compare).orElseThrow()));
        }
        ImageDecoder decoder = ImageDecoder.defaults();
        int workers = config.workers() == null ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2)
                : config.workers();
        log.println("bench: measuring " + c.label() + " on " + c.runtime() + "…");
        try (EmbeddingModel model = BaseModelRegistry.discover().load(c.spec(), EmbeddingModel.class,
                new ModelRequest(spec.reference(), null, config.device(), options))) {
            for (int b : config.batches()) {
                int count = ((config.images() + b - 1) / b + 1) * b;
                out.measured(c, ClipBenchmark.pipeline("embed_end_to_end", files.subList(0, count), b, workers,
                        paths -> decode(decoder, paths), model::embedImages));
            }
        }
    }

    private static List<BufferedImage> decode(ImageDecoder decoder, List<Path> paths) {
        List<BufferedImage> images = new ArrayList<>(paths.size());
        for (Path p : paths) {
            images.add(decoder.decode(p));
        }
        return images;
    }

    /** JPEGs for the largest measurement: a warm-up batch plus {@code images}, rounded up to whole batches. */
    private int needed() {
        int needed = 0;
        for (int b : config.batches()) {
            needed = Math.max(needed, ((config.images() + b - 1) / b + 1) * b);
        }
        return needed;
    }

    private void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.println("bench: could not remove " + root + ": " + e.getMessage());
        }
    }
}
