package dev.autodistill4j.cli;

import dev.autodistill4j.api.model.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.bench.clip.ClipBench;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code autodistill4j bench}: how fast the CLIP network runs here, as JSON lines (one per measurement). The
 * options become a {@link ClipBench.Config}; the measuring is the {@code bench} module's {@link ClipBench}.
 *
 * <p>Without {@code --model} it builds a randomly initialised ViT-B/32-shaped model, so the number needs no
 * download and compares directly with the reference PyTorch run on the same shape. {@code --onnx} adds the
 * same weights exported to ONNX (fp32, int8) on ONNX Runtime, and several {@code --model}s may be given: all
 * are measured one after the other in one process, and each one's rates are printed as ratios to the first.
 * {@code --students} compares the teacher with a student of every shape instead (the {@code bench} module's
 * {@code StudentBench}: end to end from the same JPEGs, ratios to the teacher, parameters and size on disk).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure image and text embeddings per second (model only, end to end from JPEGs).")
public final class BenchCommand implements CliCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--architecture", defaultValue = "vit-b-32",
            description = "Random model shape when no --model is given: vit-b-32 (default) or tiny.")
    String architecture;

    @Option(names = "--model", paramLabel = "PROVIDER:REF",
            description = "Benchmark a real model instead, e.g. metaclip:/path/to/clip-folder or onnx:/path/to/export; "
                    + "repeat to measure several in one run (ratios to the first are printed at the end).")
    List<String> modelSpecs = new ArrayList<>();

    @Option(names = "--onnx", description = "Also export the (first) model to ONNX, fp32 and int8, in a temporary "
            + "folder and measure both on ONNX Runtime in the same run.")
    boolean onnx;

    @Option(names = "--onnx-spin", description = "With --onnx: also measure each ONNX export with ORT's idle "
            + "threads spin-waiting (ORT's own default; ours is off), to see what spinning costs on this machine.")
    boolean onnxSpin;

    @Option(names = "--students", description = "Compare the teacher (the random --architecture model, or one "
            + "--model metaclip:REF) with a student of every shape (the student trainer's arch=cnn and arch=vit-shrunk "
            + "at their default settings, made by the trainer in seconds: speed does not depend on trained weights): "
            + "images/s end to end from the same JPEGs, ratios to the teacher, parameters and size on disk; with --onnx also "
            + "on ONNX Runtime fp32 and int8 (an export a shape lacks is a row with the reason).")
    boolean students;

    @Option(names = "--device", description = "cpu (default), gpu or gpu:N.")
    Device device;

    @Option(names = "--batches", converter = NumericOptions.Batch.class, split = ",", defaultValue = "1,8,32", description = "Batch sizes (default 1,8,32).")
    List<Integer> batches;

    @Option(names = "--images", converter = NumericOptions.Positive.class, defaultValue = "64", description = "Items timed per measurement (default 64).")
    int images;

    @Option(names = "--threads", converter = NumericOptions.Positive.class, description = "PyTorch and ONNX Runtime intra-op threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--interop-threads", converter = NumericOptions.Positive.class, defaultValue = "1",
            description = "PyTorch inter-op threads (default 1: one model call at a time uses all cores).")
    int interopThreads;

    @Option(names = "--workers", converter = NumericOptions.Positive.class, description = "Threads decoding and preprocessing JPEGs while the model runs "
            + "(default: half the cores, at least 1).")
    Integer workers;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        ClipBench.Config config = new ClipBench.Config(architecture, modelSpecs, onnx, onnxSpin, students, device, batches,
                images, threads, interopThreads, workers);
        new ClipBench(System.err).run(config, row -> {
            try {
                out.println(json.writeValueAsString(row));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
        });
        return 0;
    }
}
