package dev.autodistill4j.cli.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.onnx.OnnxExports;
import dev.autodistill4j.onnx.export.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code export}: a model as portable ONNX files. {@code metaclip:REF} gives the CLIP image and text encoders
 * plus {@code clip-onnx.json} (load it back with {@code --model onnx:DIR}); {@code target:DIR} gives one graph
 * from preprocessed image to class probabilities, or for a student to its image embeddings (load it back with
 * {@code --model onnx:DIR}). Prints the manifest as one JSON line.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model to ONNX: metaclip:REF (image + text encoders) or target:DIR (trained model).")
public final class ExportCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "PROVIDER:REF",
            description = "metaclip[:REF] (alias, hf:org/repo, folder or file) or target:DIR.")
    String model;

    @Option(names = "--format", defaultValue = "onnx", description = "Output format; only onnx (default).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New or empty folder to write.")
    Path out;

    @Option(names = "--int8", description = "Int8 weights (per output channel) for the transformer MatMuls "
            + "(a cnn student: its convolutions): smaller and faster on CPU, slightly less exact (see docs/onnx.md).")
    boolean int8;

    @Override
    public Integer call() throws Exception {
        if (!"onnx".equals(format.strip().toLowerCase(Locale.ROOT))) {
            throw new Autodistill4jException("--format " + format + " is not supported: use --format onnx");
        }
        ModelSpec parsed = ModelSpec.parse(model);
        Precision precision = int8 ? Precision.INT8 : Precision.FP32;
        System.err.println("export: writing " + precision.id() + " ONNX of " + model + " to " + out + "…");
        if (!OnnxExports.exports(parsed.provider())) {
            throw new Autodistill4jException("export supports --model " + String.join(":REF, --model ",
                    OnnxExports.providers()) + ":REF, not '" + parsed.provider() + "'");
        }
        ObjectNode manifest = OnnxExports.export(parsed, precision, out); // the provider's OnnxExport
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(manifest));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
