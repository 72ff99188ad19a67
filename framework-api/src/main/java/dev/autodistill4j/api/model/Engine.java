package dev.autodistill4j.api.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which engine runs a CLIP checkpoint named with {@code --model metaclip:REF}: DJL PyTorch as loaded (the
 * reference path, and the one for GPUs and training), or an ONNX export of the same weights on ONNX Runtime,
 * made on first use and cached. It travels as the provider option {@value #OPTION} so that everything that
 * already carries a model's options (config files, {@code run.json}, Spark tasks) carries the engine too.
 */
public enum Engine {
    /** DJL PyTorch, float32 (the default). */
    PYTORCH("pytorch"),
    /** ONNX Runtime on an fp32 export: the same numbers within float rounding. */
    ONNX("onnx"),
    /** ONNX Runtime on an int8 export (transformer MatMul weights per output channel): faster, slightly different. */
    ONNX_INT8("onnx-int8");

    /** The provider option that carries the engine ({@code --model-option engine=onnx}; the CLI's {@code --engine}). */
    public static final String OPTION = "engine";

    private final String id;

    Engine(String id) {
        this.id = id;
    }

    /** What a user types: {@code pytorch}, {@code onnx}, {@code onnx-int8}. */
    public String id() {
        return id;
    }

    /** Whether this engine runs an ONNX export (made into the model cache on first use). */
    public boolean exported() {
        return this != PYTORCH;
    }

    /** Parses an id (case-insensitive), naming the choices when it is none of them. */
    public static Engine fromId(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Engine e : values()) {
            if (e.id.equals(t) || e.name().toLowerCase(Locale.ROOT).equals(t)) {
                return e;
            }
        }
        throw new ModelLoadException("unknown engine '" + text + "': choose one of " + choices());
    }

    /** The engine a request asks for ({@link #PYTORCH} when it names none). */
    public static Engine of(ModelRequest request) {
        String v = request.options().get(OPTION);
        return v == null ? PYTORCH : fromId(v);
    }

    /** {@code request} without the {@value #OPTION} option, for the engine that serves it. */
    public static ModelRequest without(ModelRequest request) {
        Map<String, String> rest = new HashMap<>(request.options());
        rest.remove(OPTION);
        return new ModelRequest(request.reference(), request.ontology(), request.device(), rest);
    }

    /** {@code pytorch, onnx, onnx-int8}. */
    public static String choices() {
        return Arrays.stream(values()).map(Engine::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
