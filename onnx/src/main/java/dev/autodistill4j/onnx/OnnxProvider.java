package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.KnownOptions;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.ThreadSafety;
import dev.autodistill4j.metaclip.ClipOptions;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.runtime.OnnxClipNetwork;
import dev.autodistill4j.onnx.runtime.OrtSessions;
import dev.autodistill4j.onnx.runtime.OrtSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Provider {@code onnx}: a CLIP exported with {@code export --format onnx} run on ONNX Runtime (CPU), doing what
 * {@code metaclip} does — embeddings, with the same tokenizer and preprocessing; zero-shot classification into a
 * request's ontology is the runtime's, as for every embedding model — with its own options {@code threads=N},
 * {@code spin=true|false} and the CLIP {@code batch=N}. A student's export ({@code export --model
 * target:STUDENT}) runs too: its image tower here, its text side from the student directory ({@link OnnxStudent}).
 */
public final class OnnxProvider implements BaseModelProvider {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxProvider.class);
    public static final String NAME = "onnx";
    /** ORT intra-op threads ({@code --model-option threads=N}). */
    public static final String THREADS = "threads";
    /** Whether ORT's idle threads spin-wait ({@code --model-option spin=true}; default false). */
    public static final String SPIN = "spin";
    /** This provider's options: the CLIP ones ({@link ClipOptions#KNOWN}), {@value #THREADS}, {@value #SPIN} and a student export's own. */
    public static final List<String> OPTIONS = java.util.stream.Stream.concat(
            ClipOptions.KNOWN.stream(), java.util.stream.Stream.of(THREADS + "=<1..1024>",
                    SPIN + "=true|false", OnnxStudent.STUDENT_OPTION + "=<student directory, for a student's export>",
                    "teacher=<the student's teacher, for its text side>"))
            .toList();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CLIP exported to ONNX (fp32 or int8), zero-shot classification and embeddings on ONNX Runtime";
    }

    @Override
    public List<String> references() {
        return List.of("<folder written by: export `model` metaclip:REF `format` onnx `out` FOLDER [`int8`]>");
    }

    @Override
    public String license() {
        return "The exported weights keep the source checkpoint's licence (recorded in " + ClipOnnxManifest.FILE
                + "; MetaCLIP: CC-BY-NC 4.0).";
    }

    /** ORT sessions take concurrent {@code run} calls; tokenizer and preprocessing are thread-safe. */
    @Override
    public ThreadSafety threadSafety() {
        return ThreadSafety.THREAD_SAFE;
    }

    @Override
    public BaseModel load(ModelRequest request) {
        return load(request, UnaryOperator.identity());
    }

    /**
     * As {@link #load(ModelRequest)}, with the model's provenance passed through {@code describe} (the engine
     * backend reports the metaclip checkpoint the export came from, not the cache folder).
     */
    public BaseModel load(ModelRequest request, UnaryOperator<ModelInfo> describe) {
        String reference = request.reference() == null ? "" : request.reference().strip();
        if (reference.isEmpty()) {
            throw new ModelLoadException("the onnx provider needs a folder: `model` onnx:/path/to/export (write one "
                    + "with: export `model` metaclip:REF `format` onnx `out` FOLDER)");
        }
        if (request.device().isGpu()) {
            throw new ModelLoadException("onnx:" + reference + " runs on the CPU only: use `device` cpu instead of "
                    + request.device() + " (or `model` metaclip:… for GPUs)");
        }
        KnownOptions.require(NAME, request.options(), OPTIONS);
        OrtSettings settings = new OrtSettings(threads(request), spin(request));
        Map<String, String> rest = new HashMap<>(request.options());
        rest.remove(THREADS);
        rest.remove(SPIN);
        if (OnnxStudent.isTargetExport(Path.of(reference))) {
            return OnnxStudent.load(Path.of(reference), new ModelRequest(reference, request.ontology(),
                    request.device(), rest), settings);
        }
        ClipOptions options = ClipOptions.from(request);
        ClipOnnxDirectory dir;
        try {
            dir = ClipOnnxDirectory.open(Path.of(reference));
        } catch (ModelLoadException e) {
            throw e.getMessage().contains(reference) ? e
                    : new ModelLoadException("onnx reference '" + reference + "': " + e.getMessage(), e);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ModelLoadException("onnx reference '" + reference + "' is not a valid path", e);
        }
        ClipTokenizer tokenizer = dir.tokenizer();
        ClipImagePreprocessor preprocessor = new ClipImagePreprocessor(dir.preprocessing());
        OnnxClipNetwork network = network(dir, settings);
        try {
            ModelInfo info = describe.apply(new ModelInfo(NAME, reference, dir.imageEncoder().toString(),
                    dir.imageSha256(), dir.license(), details(dir, settings)));
            LOG.info("onnx: loaded {} ({}, {} intra-op threads, spin-wait {})", reference, dir.precision().id(),
                    settings.threads(), settings.spinWait());
            return new OnnxClipModel(network, tokenizer, preprocessor, info, options.batchSize());
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Opens both graphs of an export with {@code threads} intra-op threads each. */
    public static OnnxClipNetwork network(ClipOnnxDirectory dir, int threads) {
        return network(dir, new OrtSettings(threads, false));
    }

    /** Opens both graphs of an export with the given ORT settings. */
    public static OnnxClipNetwork network(ClipOnnxDirectory dir, OrtSettings settings) {
        int size = dir.preprocessing().cropHeight();
        return new OnnxClipNetwork(dir.imageModel(), dir.textModel(), settings, size, dir.embeddingDimension(),
                dir.logitScale(), dir.contextLength(), dir.vocabSize(), dir.eosTokenId());
    }

    private static int threads(ModelRequest request) {
        String t = request.option(THREADS, String.valueOf(OrtSessions.defaultThreads())).strip();
        try {
            int n = Integer.parseInt(t);
            if (n >= 1 && n <= 1024) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ModelLoadException("threads='" + t + "' must be a whole number from 1 to 1024 (default: the "
                + "number of cores, " + OrtSessions.defaultThreads() + ")");
    }

    private static boolean spin(ModelRequest request) {
        String s = request.option(SPIN, "false").strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ModelLoadException("spin='" + request.option(SPIN, "") + "' must be true or false "
                    + "(default false: idle ONNX Runtime threads sleep instead of spinning)");
        };
    }

    private static Map<String, Object> details(ClipOnnxDirectory dir, OrtSettings settings) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("architecture", String.valueOf(dir.architecture()));
        d.put("device", "cpu");
        d.put("precision", dir.precision().id());
        d.put("engine", "ONNX Runtime");
        d.put("intra_op_threads", settings.threads());
        d.put("spin_wait", settings.spinWait());
        d.put("source_reference", String.valueOf(dir.sourceReference()));
        d.put("source_sha256", dir.sourceSha256());
        d.put("logit_scale", dir.logitScale());
        return d;
    }
}
