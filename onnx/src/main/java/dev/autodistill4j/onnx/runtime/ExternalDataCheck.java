package dev.autodistill4j.onnx.runtime;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.GeneratedMessageV3;
import dev.autodistill4j.api.model.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Walks every tensor of a {@code ModelProto} and refuses the model when one keeps its data somewhere it may not.
 * An external-data reference must have exactly the keys {@code location} (once), optionally {@code offset},
 * {@code length} and {@code checksum}; its location must be relative, without {@code ..}, backslashes or ONNX
 * Runtime's in-memory marker {@code _ORT_MEM_ADDR_}, and name a regular file whose real path (links resolved)
 * lies inside the model's real folder; offset and length must be whole numbers that fit the file and the
 * tensor's shape. Messages carrying fields this reader does not know are refused too: a tensor could hide in
 * them.
 */
final class ExternalDataCheck {
    /** Nesting limit for subgraphs (If/Loop bodies inside bodies); protobuf's own default is 100. */
    static final int MAX_DEPTH = 64;
    private static final Set<String> KEYS = Set.of("location", "offset", "length", "checksum");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,19}");

    private final Path model;
    private final Path folder;
    private final Set<String> locations = new LinkedHashSet<>();

    /** @param folder the real path of the model's folder */
    ExternalDataCheck(Path model, Path folder) {
        this.model = model;
        this.folder = folder;
    }

    /** Checks the whole model; returns the external files it references, relative to the folder. */
    Set<String> check(OnnxMl.ModelProto m) {
        known(m, "the model");
        graph(m.getGraph(), "graph");
        for (OnnxMl.FunctionProto f : m.getFunctionsList()) {
            known(f, "function " + f.getName());
            nodes(f.getNodeList(), "function " + f.getName(), 1);
            for (OnnxMl.AttributeProto a : f.getAttributeProtoList()) {
                attribute(a, "function " + f.getName(), 1);
            }
        }
        for (OnnxMl.TrainingInfoProto t : m.getTrainingInfoList()) {
            known(t, "training info");
            graph(t.getInitialization(), "training initialization");
            graph(t.getAlgorithm(), "training algorithm");
        }
        return locations;
    }

    private void graph(OnnxMl.GraphProto g, String where) {
        graph(g, where, 0);
    }

    private void graph(OnnxMl.GraphProto g, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw refuse(where + " nests subgraphs deeper than " + MAX_DEPTH);
        }
        known(g, where);
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            tensor(t, where + " initializer '" + t.getName() + "'");
        }
        for (OnnxMl.SparseTensorProto s : g.getSparseInitializerList()) {
            sparse(s, where + " sparse initializer");
        }
        nodes(g.getNodeList(), where, depth);
    }

    private void nodes(List<OnnxMl.NodeProto> nodes, String where, int depth) {
        for (OnnxMl.NodeProto n : nodes) {
            known(n, where + " node '" + n.getName() + "'");
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                attribute(a, where + " node '" + n.getName() + "'", depth);
            }
        }
    }

    private void attribute(OnnxMl.AttributeProto a, String where, int depth) {
        String at = where + " attribute '" + a.getName() + "'";
        known(a, at);
        if (a.hasT()) {
            tensor(a.getT(), at);
        }
        a.getTensorsList().forEach(t -> tensor(t, at));
        if (a.hasSparseTensor()) {
            sparse(a.getSparseTensor(), at);
        }
        a.getSparseTensorsList().forEach(s -> sparse(s, at));
        if (a.hasG()) {
            graph(a.getG(), at + " subgraph", depth + 1);
        }
        a.getGraphsList().forEach(g -> graph(g, at + " subgraph", depth + 1));
    }

    private void sparse(OnnxMl.SparseTensorProto s, String where) {
        known(s, where);
        tensor(s.getValues(), where + " values");
        tensor(s.getIndices(), where + " indices");
    }

    private void tensor(OnnxMl.TensorProto t, String where) {
        known(t, where);
        boolean external = t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL;
        if (!external && t.getExternalDataCount() == 0) {
            return;
        }
        if (!external) {
            throw refuse(where + " lists external data but does not say its data is external: the file is "
                    + "inconsistent");
        }
        Map<String, String> entries = new TreeMap<>();
        for (OnnxMl.StringStringEntryProto e : t.getExternalDataList()) {
            if (!KEYS.contains(e.getKey()) || entries.put(e.getKey(), e.getValue()) != null) {
                throw refuse(where + " has external-data key '" + e.getKey() + "' " + (KEYS.contains(e.getKey())
                        ? "twice" : "(known keys: " + KEYS + ")"));
            }
        }
        String location = entries.get("location");
        if (location == null || location.isEmpty()) {
            throw refuse(where + " keeps its data outside the file but names no location");
        }
        Path data = resolve(location, where);
        long offset = whole(entries.getOrDefault("offset", "0"), "offset", where);
        long needed = ExternalTensorBytes.of(t, where, this::refuse);
        long length = entries.containsKey("length") ? whole(entries.get("length"), "length", where) : needed;
        if (length != needed) {
            throw refuse(where + " has external-data length " + length + " but its shape and type need " + needed
                    + " bytes");
        }
        long size = size(data);
        if (offset > size || length > size - offset) {
            throw refuse(where + " reads bytes " + offset + ".." + (offset + length) + " of '" + location
                    + "', beyond its " + size + " bytes");
        }
        locations.add(folder.relativize(data).toString());
    }

    /** The data file of {@code location}, which must stay inside the folder by name and by real path. */
    private Path resolve(String location, String where) {
        if (location.contains("_ORT_MEM_ADDR_")) {
            throw refuse(where + " location '" + location + "' is ONNX Runtime's in-memory marker _ORT_MEM_ADDR_, "
                    + "which would read process memory: only files inside the model folder are allowed");
        }
        String problem = FolderPaths.problem(folder, location);
        if (problem != null) {
            throw refuse(where + " location '" + location + "' " + problem);
        }
        return FolderPaths.resolve(folder, location);
    }

    private long whole(String value, String key, String where) {
        if (!WHOLE.matcher(value).matches()) {
            throw refuse(where + " has external-data " + key + " '" + value + "', not a whole number of bytes");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw refuse(where + " has external-data " + key + " '" + value + "', too large");
        }
    }

    private long size(Path data) {
        try {
            return Files.size(data);
        } catch (IOException e) {
            throw refuse("cannot read the size of " + data + ": " + e.getMessage());
        }
    }

    /** Refuses messages with fields this version of the ONNX protobuf classes does not know. */
    private void known(GeneratedMessageV3 message, String where) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw refuse(where + " carries protobuf fields " + message.getUnknownFields().asMap().keySet()
                    + " that this reader does not know (a newer ONNX?): export the model with autodistill4j");
        }
    }

    ModelLoadException refuse(String problem) {
        return new ModelLoadException(model + ": " + problem + "; the model folder is damaged or was made to read "
                + "files outside it: export the model again");
    }
}
