package dev.autodistill4j.onnx.runtime;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.autodistill4j.api.model.ModelLoadException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model file read into memory and checked before ONNX Runtime sees it: the bytes are parsed as a
 * {@code ModelProto} and every tensor that keeps its data outside the file (graph initializers, sparse ones,
 * constants in node attributes, subgraphs, functions, training graphs) must name a file inside the model's
 * folder ({@link ExternalDataCheck}). ONNX Runtime then loads exactly these bytes, with the external-data folder
 * fixed to the model's real folder, so it neither re-reads a model file that changed nor resolves a location
 * anywhere else. A hostile folder therefore cannot make it read a private key as weights.
 */
public final class OnnxModelFile {
    /** protobuf's limit for one message; a larger model keeps its weights in external data. */
    static final long MAX_BYTES = Integer.MAX_VALUE;

    private final Path file;
    private final Path folder;
    private final ByteBuffer bytes;
    private final Set<String> externalFiles;
    private final Map<String, List<Long>> shapes;

    private OnnxModelFile(Path file, Path folder, ByteBuffer bytes, Set<String> externalFiles,
                          Map<String, List<Long>> shapes) {
        this.file = file;
        this.folder = folder;
        this.bytes = bytes;
        this.externalFiles = externalFiles;
        this.shapes = shapes;
    }

    /**
     * Reads and checks {@code model}.
     *
     * @throws ModelLoadException naming the file (and the tensor and location) when it is not a readable ONNX
     *                            model or references data it may not
     */
    public static OnnxModelFile read(Path model) {
        Path folder;
        ByteBuffer bytes;
        try {
            if (!Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(model)) {
                throw new ModelLoadException(model + " is not a file: give the folder written by 'export `format` "
                        + "onnx'");
            }
            folder = model.toAbsolutePath().getParent().toRealPath();
            bytes = snapshot(model);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + model + " (" + e.getMessage() + "): check that the file "
                    + "is readable", e);
        }
        OnnxMl.ModelProto proto;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes.duplicate());
            in.enableAliasing(true);
            in.setRecursionLimit(ExternalDataCheck.MAX_DEPTH);
            proto = OnnxMl.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException(model + " is not an ONNX model (" + e.getMessage() + "): export the model "
                    + "again", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + model + " (" + e.getMessage() + ")", e);
        }
        Set<String> external = new ExternalDataCheck(model, folder).check(proto);
        return new OnnxModelFile(model, folder, bytes.asReadOnlyBuffer(), Set.copyOf(external), shapes(proto));
    }

    /** The whole file in one direct buffer: the bytes that are checked are the bytes ONNX Runtime loads. */
    private static ByteBuffer snapshot(Path model) throws IOException {
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_BYTES) {
                throw new ModelLoadException(model + " is " + size + " bytes, more than one ONNX protobuf message "
                        + "can hold (2 GiB): export again (large weights go to external data)");
            }
            ByteBuffer buf = ByteBuffer.allocateDirect((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new IOException("the file shrank while it was read");
                }
            }
            return buf.flip();
        }
    }

    /** Declared shapes of the graph's inputs and outputs by name; a dimension without a fixed size is -1. */
    private static Map<String, List<Long>> shapes(OnnxMl.ModelProto proto) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        List<OnnxMl.ValueInfoProto> values = new ArrayList<>(proto.getGraph().getInputList());
        values.addAll(proto.getGraph().getOutputList());
        for (OnnxMl.ValueInfoProto v : values) {
            List<Long> dims = new ArrayList<>();
            for (OnnxMl.TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
                dims.add(d.hasDimValue() ? d.getDimValue() : -1L);
            }
            out.put(v.getName(), List.copyOf(dims));
        }
        return Map.copyOf(out);
    }

    /** The declared shape of the graph input or output {@code name} (-1 = any size), or null when it has none. */
    public List<Long> shape(String name) {
        return shapes.get(name);
    }

    public Path file() {
        return file;
    }

    /** The real path of the folder external data is read from. */
    public Path folder() {
        return folder;
    }

    /** The checked bytes (read-only view; direct, as {@code OrtEnvironment.createSession(ByteBuffer)} takes). */
    ByteBuffer bytes() {
        return bytes.duplicate();
    }

    /** The external-data files the model references, relative to {@link #folder()} ('/'-separated). */
    public Set<String> externalFiles() {
        return externalFiles;
    }
}
