package dev.autodistill4j.cli.support;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.onnx.engine.EngineCheckException;
import dev.autodistill4j.onnx.engine.Int8Check;
import dev.autodistill4j.onnx.engine.Int8SelfCheck;
import dev.autodistill4j.onnx.engine.OnnxEngineBackend;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code --engine pytorch|onnx|onnx-int8} and the int8 self-check ({@code --engine-check on|off},
 * {@code --engine-check-images N}), part of {@link ModelOptions}. The engine becomes the provider option
 * {@value Engine#OPTION}, so config files, {@code run.json} (a resume key: another engine may label
 * differently) and Spark tasks carry it like any other model option.
 */
public class EngineOptions {
    /** Images the int8 self-check compares by default. */
    public static final int DEFAULT_CHECK_IMAGES = 64;

    @Option(names = "--engine", paramLabel = "ENGINE", converter = EngineConverter.class,
            description = "For --model metaclip:…: pytorch (default: DJL PyTorch, also GPUs), onnx (ONNX Runtime on "
                    + "an fp32 export, same results) or onnx-int8 (int8 export, fastest, checked against fp32 on "
                    + "your images first). The export is made once into the model cache.")
    Engine engine;

    @Option(names = "--engine-check", paramLabel = "on|off", converter = OnOff.class,
            description = "With --engine onnx-int8: compare int8 with fp32 on a sample of the input first and refuse "
                    + "when they disagree (default: on; see docs/onnx.md for the thresholds).")
    Check check;

    @Option(names = "--engine-check-images", paramLabel = "N", converter = NumericOptions.Positive.class,
            description = "Images the int8 self-check compares, spread over the sorted input (default: "
                    + DEFAULT_CHECK_IMAGES + ").")
    Integer checkImages;

    /** {@code options} with the engine given on the command line, which must be compatible with them and {@code spec}. */
    public Map<String, String> apply(String spec, Map<String, String> options) {
        if (engine == null) {
            return options;
        }
        String given = options.get(Engine.OPTION);
        if (given != null && Engine.fromId(given) != engine) {
            throw new Autodistill4jException("--engine " + engine.id() + " contradicts --model-option "
                    + Engine.OPTION + "=" + given + ": give one of them");
        }
        String provider = ModelSpec.parse(spec).provider();
        if (engine.exported() && !"metaclip".equals(provider)) {
            throw new ModelLoadException("--engine " + engine.id() + " applies to --model metaclip:…, not to "
                    + spec + " (" + provider + " models name their engine themselves): drop --engine");
        }
        Map<String, String> m = new LinkedHashMap<>(options);
        if (engine.exported()) {
            m.put(Engine.OPTION, engine.id());
        }
        return m;
    }

    /**
     * Runs the int8 self-check when {@code options} ask for {@code onnx-int8} and the check is on: embeds a sample
     * of {@code images} with the int8 and fp32 exports, prints the numbers on {@code err}, and throws
     * {@link EngineCheckException} (numbers and fix) when int8 falls under the thresholds.
     *
     * @param spec     the model spec that will run ({@code metaclip[:REF]})
     * @param images   the run's input images, in the order the run takes them
     * @param where    the input, as the message names it
     * @param ontology the run's ontology (its prompts give the top-1 agreement), or null
     * @return the check, or null when none ran
     */
    public Int8Check check(String spec, Map<String, String> options, List<Path> images, String where,
                           Ontology ontology, PrintWriter err) {
        String id = options.get(Engine.OPTION);
        if (id == null || Engine.fromId(id) != Engine.ONNX_INT8 || check == Check.OFF) {
            return null;
        }
        int n = Objects.requireNonNullElse(checkImages, DEFAULT_CHECK_IMAGES);
        List<Path> sample = SampleImages.spread(images, n);
        err.println("engine: checking int8 against fp32 on " + sample.size() + " images of " + where + " (once per "
                + "run; --engine-check off skips it)…");
        err.flush();
        String reference = OnnxEngineBackend.reference(new ModelRequest(ModelSpec.parse(spec).reference(), null, null,
                Map.of()));
        Int8Check result = Int8SelfCheck.run(new OnnxEngineBackend(), reference, SampleImages.decode(sample),
                ontology == null ? List.of() : ontology.prompts());
        err.println("engine: " + result.describe());
        err.flush();
        if (!result.passed()) {
            throw new EngineCheckException(result, where);
        }
        return result;
    }

    /**
     * {@link #check} for callers that only need the refusal (Spark's label: the numbers go to stderr), so they
     * do not depend on the onnx module's types.
     */
    public void refuseIfInt8Disagrees(String spec, Map<String, String> options, List<Path> images, String where,
                                Ontology ontology, PrintWriter err) {
        check(spec, options, images, where, ontology, err);
    }

    /** Engine ids as picocli values; an unknown one lists the choices. */
    public static final class EngineConverter implements ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            try {
                return Engine.fromId(value);
            } catch (ModelLoadException e) {
                throw new TypeConversionException("'" + value + "' is not an engine: choose one of "
                        + Engine.choices());
            }
        }
    }

    /** Whether the int8 self-check runs. */
    public enum Check { ON, OFF }

    /** {@code on} or {@code off}. */
    public static final class OnOff implements ITypeConverter<Check> {
        @Override
        public Check convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "on" -> Check.ON;
                case "off" -> Check.OFF;
                default -> throw new TypeConversionException("'" + value + "' must be on or off");
            };
        }
    }
}
