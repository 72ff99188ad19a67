package dev.autodistill4j.onnx.graph;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one ONNX graph from Java: named inputs and outputs, weight initializers and operator nodes, each
 * value named uniquely so the graph reads like the network it mirrors ({@code vision.layer3.qkv}).
 *
 * <p>Initializers are kept as raw little-endian bytes until {@link OnnxFileWriter} decides whether they go
 * inside the {@code .onnx} file or into an external data file (protobuf messages cannot exceed 2 GiB).
 */
public final class GraphBuilder {
    /** ONNX's standard operator set used by every exported graph (LayerNormalization needs 17). */
    public static final int OPSET = 17;
    /** IR version that goes with opset 17. */
    public static final int IR_VERSION = 8;
    /** Domain of ONNX Runtime's contrib operators (DynamicQuantizeMatMul). */
    public static final String MICROSOFT = "com.microsoft";

    private final String name;
    private final List<OnnxMl.NodeProto> nodes = new ArrayList<>();
    private final List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
    private final List<OnnxMl.ValueInfoProto> outputs = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final Map<String, Integer> used = new HashMap<>();
    private boolean usesMicrosoftDomain;

    /** One weight tensor: name, ONNX element type, shape, raw little-endian bytes. */
    public record Initializer(String name, int dataType, long[] dims, byte[] raw) {
    }

    public GraphBuilder(String name) {
        this.name = name;
    }

    /** A unique value name built from {@code base}. */
    public String fresh(String base) {
        int n = used.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + n;
    }

    /**
     * Declares a graph input.
     *
     * @param dims each a {@code Long} (fixed size) or a {@code String} (symbolic size such as "batch")
     */
    public String input(String valueName, DataType type, Object... dims) {
        used.merge(valueName, 1, Integer::sum);
        inputs.add(valueInfo(valueName, type, dims));
        return valueName;
    }

    /** Declares {@code value} (already produced by a node) as a graph output. */
    public void output(String value, DataType type, Object... dims) {
        outputs.add(valueInfo(value, type, dims));
    }

    /** A float initializer of shape {@code dims}. */
    public String floats(String base, float[] data, long... dims) {
        checkSize(data.length, dims, base);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return initializer(base, DataType.FLOAT, dims, b.array());
    }

    /** An int8 initializer of shape {@code dims}. */
    public String int8s(String base, byte[] data, long... dims) {
        checkSize(data.length, dims, base);
        return initializer(base, DataType.INT8, dims, data.clone());
    }

    /** A uint8 initializer of shape {@code dims} (ONNX Runtime's CPU ConvInteger takes only uint8 weights). */
    public String uint8s(String base, byte[] data, long... dims) {
        checkSize(data.length, dims, base);
        return initializer(base, DataType.UINT8, dims, data.clone());
    }

    /** A 1-D int64 constant (shapes, axes, indices). */
    public String longs(String base, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return initializer(base, DataType.INT64, new long[] {values.length}, b.array());
    }

    /** A 0-D int64 constant (a Gather index that drops the axis). */
    public String scalarLong(String base, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return initializer(base, DataType.INT64, new long[0], b.array());
    }

    /** A 0-D float constant. */
    public String scalarFloat(String base, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return initializer(base, DataType.FLOAT, new long[0], b.array());
    }

    private String initializer(String base, DataType type, long[] dims, byte[] raw) {
        String n = fresh(base);
        initializers.add(new Initializer(n, type.getNumber(), dims.clone(), raw));
        return n;
    }

    /** Starts a node of the standard domain; finish it with {@link Node#out}. */
    public Node op(String type, String... in) {
        return new Node(type, "", in);
    }

    /** Starts a node of ONNX Runtime's {@code com.microsoft} domain. */
    public Node msOp(String type, String... in) {
        usesMicrosoftDomain = true;
        return new Node(type, MICROSOFT, in);
    }

    public String name() {
        return name;
    }

    public List<Initializer> initializers() {
        return List.copyOf(initializers);
    }

    /** Total bytes of all initializers. */
    public long weightBytes() {
        return initializers.stream().mapToLong(i -> i.raw().length).sum();
    }

    /** The graph without initializers; the writer adds them (inline or external). */
    OnnxMl.GraphProto.Builder graphWithoutWeights() {
        return OnnxMl.GraphProto.newBuilder().setName(name).addAllNode(nodes).addAllInput(inputs)
                .addAllOutput(outputs);
    }

    boolean usesMicrosoftDomain() {
        return usesMicrosoftDomain;
    }

    private static void checkSize(long count, long[] dims, String what) {
        long expected = 1;
        for (long d : dims) {
            expected *= d;
        }
        if (expected != count) {
            throw new IllegalArgumentException(what + ": " + count + " values for shape " + java.util.Arrays.toString(dims));
        }
    }

    private static OnnxMl.ValueInfoProto valueInfo(String valueName, DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto.Tensor tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
                .setShape(shape).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(valueName)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /** One operator node under construction: attributes, then {@link #out}. */
    public final class Node {
        private final OnnxMl.NodeProto.Builder node;

        private Node(String type, String domain, String... in) {
            node = OnnxMl.NodeProto.newBuilder().setOpType(type).setDomain(domain);
            for (String i : in) {
                node.addInput(i);
            }
        }

        public Node attr(String key, long value) {
            node.addAttribute(OnnxMl.AttributeProto.newBuilder().setName(key)
                    .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value));
            return this;
        }

        public Node attr(String key, float value) {
            node.addAttribute(OnnxMl.AttributeProto.newBuilder().setName(key)
                    .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value));
            return this;
        }

        public Node attr(String key, long[] values) {
            OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(key)
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            node.addAttribute(a);
            return this;
        }

        /** Adds the node with one output named after {@code base} (made unique) and returns that name. */
        public String out(String base) {
            String o = fresh(base);
            node.setName(o).addOutput(o);
            nodes.add(node.build());
            return o;
        }

        /** Adds the node with one output per name in {@code bases} (each made unique); returns them in order. */
        public String[] outs(String... bases) {
            String[] o = new String[bases.length];
            for (int i = 0; i < bases.length; i++) {
                o[i] = fresh(bases[i]);
                node.addOutput(o[i]);
            }
            node.setName(o[0]);
            nodes.add(node.build());
            return o;
        }
    }
}
