package dev.autodistill4j.onnx.graph;

import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.datasets.Versions;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link GraphBuilder} as an {@code .onnx} model file. Weights go inline while they total at most
 * {@link #DEFAULT_EXTERNAL_THRESHOLD}; above it (a protobuf message cannot exceed 2 GiB) every
 * initializer of 1 KiB or more is written to {@code <name>.onnx.data} beside the model and referenced by
 * offset and length, the layout ONNX Runtime and {@code onnx.load} read.
 */
public final class OnnxFileWriter {
    /** Weights larger than this go to an external data file: 2 GiB less room for the graph itself. */
    public static final long DEFAULT_EXTERNAL_THRESHOLD = (2L << 30) - (64L << 20);
    private static final int ALIGNMENT = 4096;
    /** Initializers smaller than this stay inline even in an external-data export (as onnx.save does). */
    private static final int INLINE_BELOW = 1024;

    private final long externalThreshold;

    public OnnxFileWriter() {
        this(DEFAULT_EXTERNAL_THRESHOLD);
    }

    /** @param externalThreshold bytes of weights above which they are written externally (tests use small ones) */
    public OnnxFileWriter(long externalThreshold) {
        this.externalThreshold = externalThreshold;
    }

    /**
     * Writes the model and returns the files written (the model first, then its data file if any).
     *
     * @param metadata free-form key/value pairs stored in the model (source checkpoint, licence)
     */
    public List<Path> write(GraphBuilder g, Path file, Map<String, String> metadata) throws IOException {
        OnnxMl.GraphProto.Builder graph = g.graphWithoutWeights();
        List<Path> written = new ArrayList<>();
        written.add(file);
        if (g.weightBytes() > externalThreshold) {
            Path data = file.resolveSibling(file.getFileName() + ".data");
            writeExternal(g, graph, data);
            written.add(data);
        } else {
            for (GraphBuilder.Initializer i : g.initializers()) {
                graph.addInitializer(tensor(i).setRawData(ByteString.copyFrom(i.raw())));
            }
        }
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(GraphBuilder.IR_VERSION)
                .setProducerName("autodistill4j")
                .setProducerVersion(version())
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(GraphBuilder.OPSET))
                .setGraph(graph);
        if (g.usesMicrosoftDomain()) {
            model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(GraphBuilder.MICROSOFT).setVersion(1));
        }
        metadata.forEach((k, v) -> model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v == null ? "" : v)));
        try (OutputStream out = new BufferedOutputStream(OutputFiles.openTruncate(file))) {
            model.build().writeTo(out);
        }
        return written;
    }

    private static void writeExternal(GraphBuilder g, OnnxMl.GraphProto.Builder graph, Path data)
            throws IOException {
        String location = data.getFileName().toString();
        long offset = 0;
        try (OutputStream out = new BufferedOutputStream(OutputFiles.openTruncate(data), 1 << 20)) {
            for (GraphBuilder.Initializer i : g.initializers()) {
                if (i.raw().length < INLINE_BELOW) {
                    // shapes, axes and scalars stay inline: ORT's shape inference reads them at load time
                    graph.addInitializer(tensor(i).setRawData(ByteString.copyFrom(i.raw())));
                    continue;
                }
                long pad = (ALIGNMENT - offset % ALIGNMENT) % ALIGNMENT;
                out.write(new byte[(int) pad]);
                offset += pad;
                out.write(i.raw());
                graph.addInitializer(tensor(i)
                        .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", location))
                        .addExternalData(entry("offset", String.valueOf(offset)))
                        .addExternalData(entry("length", String.valueOf(i.raw().length))));
                offset += i.raw().length;
            }
        }
    }

    /** This build's version. */
    static String version() {
        return Versions.autodistill4j();
    }

    private static OnnxMl.TensorProto.Builder tensor(GraphBuilder.Initializer i) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(i.name()).setDataType(i.dataType());
        for (long d : i.dims()) {
            t.addDims(d);
        }
        return t;
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
