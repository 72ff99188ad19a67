package dev.autodistill4j.metaclip.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle interpreter that can only build what a PyTorch state dict is made of.
 *
 * <p>Python's unpickler calls whatever callable a pickle names, which is how a checkpoint can run code. Here no
 * callable exists: {@code GLOBAL}/{@code STACK_GLOBAL} resolve names against a fixed whitelist of descriptors
 * (ordered dicts, tensor rebuild functions, storage types) implemented in Java, and any other name stops the
 * read with a {@link CheckpointException} before anything else happens. Opcodes outside the binary protocols'
 * data subset (text {@code INST}/{@code OBJ}, extension registry …) are refused the same way.
 *
 * <p>Values: Python str → {@link String}, int → {@link Long} (or {@link BigInteger}), float → {@link Double},
 * bool → {@link Boolean}, None → {@code null}, list → {@link ArrayList}, tuple → {@link Tuple}, dict →
 * {@link LinkedHashMap}, bytes → {@code byte[]}, tensors → {@link TensorRef}.
 */
final class RestrictedUnpickler {

    /** A Python tuple (immutable, distinct from a list). */
    record Tuple(List<Object> items) {
        Tuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }
    }

    /** A {@code torch.*Storage} type named in a persistent id. */
    record StorageType(TensorDType dtype) {
    }

    /** One storage blob in the archive: {@code data/<key>}, holding {@code numel} elements. */
    record StorageRef(String key, TensorDType dtype, long numel) {
    }

    /** A tensor: a strided view of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    /** A whitelisted global: what REDUCE/NEWOBJ may call. */
    private record Callable(String qualifiedName) {
    }

    private static final Object MARK = new Object();
    private static final Map<String, TensorDType> STORAGES = Map.ofEntries(
            Map.entry("torch.FloatStorage", TensorDType.F32), Map.entry("torch.HalfStorage", TensorDType.F16),
            Map.entry("torch.BFloat16Storage", TensorDType.BF16), Map.entry("torch.DoubleStorage", TensorDType.F64),
            Map.entry("torch.LongStorage", TensorDType.I64), Map.entry("torch.IntStorage", TensorDType.I32),
            Map.entry("torch.ShortStorage", TensorDType.I16), Map.entry("torch.CharStorage", TensorDType.I8),
            Map.entry("torch.ByteStorage", TensorDType.U8), Map.entry("torch.BoolStorage", TensorDType.BOOL));
    private static final Set<String> CALLABLES = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state", "_codecs.encode");

    private final Path file;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(Path file, byte[] pickle) {
        this.file = file;
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Interprets {@code pickle} (read from {@code file}, named in errors) and returns the top object. */
    static Object load(Path file, byte[] pickle) {
        try {
            return new RestrictedUnpickler(file, pickle).run();
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | ClassCastException
                 | ArithmeticException | NullPointerException e) {
            throw new CheckpointException("checkpoint " + file + " has a malformed pickle (" + e
                    + "); the file is corrupt or truncated: download it again", e);
        }
    }

    private Object run() {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME: framing is only a read-ahead hint
                case '.' -> {
                    return pop();
                }
                case '(' -> stack.add(MARK);
                case '}' -> stack.add(new LinkedHashMap<>());
                case ']' -> stack.add(new ArrayList<>());
                case ')' -> stack.add(new Tuple(List.of()));
                case 't' -> stack.add(new Tuple(popMark()));
                case 0x85 -> stack.add(new Tuple(popN(1)));
                case 0x86 -> stack.add(new Tuple(popN(2)));
                case 0x87 -> stack.add(new Tuple(popN(3)));
                case 'X' -> stack.add(utf8(in.getInt() & 0xffffffffL));
                case 0x8c -> stack.add(utf8(in.get() & 0xff));
                case 0x8d -> stack.add(utf8(in.getLong()));
                case 'U' -> stack.add(latin1(in.get() & 0xff)); // SHORT_BINSTRING
                case 'T' -> stack.add(latin1(in.getInt() & 0xffffffffL)); // BINSTRING
                case 'C' -> stack.add(bytes(in.get() & 0xff)); // SHORT_BINBYTES
                case 'B' -> stack.add(bytes(in.getInt() & 0xffffffffL)); // BINBYTES
                case 'J' -> stack.add((long) in.getInt());
                case 'K' -> stack.add((long) (in.get() & 0xff));
                case 'M' -> stack.add((long) (in.getShort() & 0xffff));
                case 0x8a -> stack.add(longLE(in.get() & 0xff));
                case 0x8b -> stack.add(longLE(in.getInt() & 0xffffffffL));
                case 'G' -> stack.add(bigEndianDouble());
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'N' -> stack.add(null);
                case 's' -> {
                    Object value = pop();
                    Object key = key(pop());
                    dict(peek()).put(key, value);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> d = dict(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        d.put(key(items.get(i)), items.get(i + 1));
                    }
                }
                case 'a' -> {
                    Object value = pop();
                    list(peek()).add(value);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 'q' -> memo.put((long) (in.get() & 0xff), peek());
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek());
                case 0x94 -> memo.put((long) memo.size(), peek());
                case 'h' -> stack.add(memoGet(in.get() & 0xff));
                case 'j' -> stack.add(memoGet(in.getInt() & 0xffffffffL));
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> stack.add(peek());
                case 'c' -> stack.add(global(line() + "." + line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    stack.add(global(module + "." + name));
                }
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    stack.add(call(callable, args));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                    Object args = pop();
                    Object cls = pop();
                    stack.add(call(cls, args));
                }
                case 'b' -> build(pop(), peek());
                case 'Q' -> stack.add(persistent(pop()));
                default -> throw new CheckpointException("checkpoint " + file + " uses pickle opcode 0x"
                        + Integer.toHexString(op) + " ('" + (char) op + "') at byte " + (in.position() - 1)
                        + ", which a PyTorch state dict never needs; autodistill4j refuses it so that a checkpoint"
                        + " cannot run code. Convert the checkpoint to safetensors in a trusted environment.");
            }
        }
    }

    private Object global(String qualifiedName) {
        TensorDType storage = STORAGES.get(qualifiedName);
        if (storage != null) {
            return new StorageType(storage);
        }
        if (CALLABLES.contains(qualifiedName)) {
            return new Callable(qualifiedName);
        }
        throw new CheckpointException("checkpoint " + file + " refers to the Python global '" + qualifiedName
                + "', which is not a tensor, storage or state-dict type. autodistill4j refuses it (nothing was"
                + " executed): such a pickle can run arbitrary code. Only load checkpoints from sources you trust,"
                + " and prefer model.safetensors.");
    }

    private Object call(Object callable, Object args) {
        if (!(callable instanceof Callable c)) {
            throw new CheckpointException("checkpoint " + file + " asks the unpickler to call a "
                    + describe(callable) + "; only whitelisted tensor and dict constructors may be called");
        }
        List<Object> a = ((Tuple) args).items();
        return switch (c.qualifiedName()) {
            case "collections.OrderedDict" -> new LinkedHashMap<>();
            case "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2" -> tensor(a);
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> a.get(0);
            case "_codecs.encode" -> ((String) a.get(0)).getBytes(StandardCharsets.ISO_8859_1);
            default -> throw new IllegalStateException("unhandled whitelisted callable " + c.qualifiedName());
        };
    }

    private TensorRef tensor(List<Object> a) {
        if (!(a.get(0) instanceof StorageRef storage)) {
            throw new CheckpointException("checkpoint " + file + " rebuilds a tensor from a " + describe(a.get(0))
                    + " instead of a storage; the file is corrupt");
        }
        long offset = (Long) a.get(1);
        long[] size = longs(a.get(2));
        long[] stride = longs(a.get(3));
        if (size.length != stride.length) {
            throw new CheckpointException("checkpoint " + file + " has a tensor whose size has " + size.length
                    + " dimensions but whose stride has " + stride.length + "; the file is corrupt");
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private Object persistent(Object pid) {
        // ('storage', storage_type, key, location, numel)
        if (pid instanceof Tuple t && t.items().size() == 5 && "storage".equals(t.items().get(0))
                && t.items().get(1) instanceof StorageType type) {
            return new StorageRef(String.valueOf(t.items().get(2)), type.dtype(), (Long) t.items().get(4));
        }
        throw new CheckpointException("checkpoint " + file + " has a persistent id that is not a tensor storage ("
                + describe(pid) + "); the file is corrupt or not a torch.save archive");
    }

    private void build(Object state, Object target) {
        // OrderedDict state carries _metadata (module versions); Parameter state carries requires_grad: neither
        // affects the weights, and nothing is executed
        if (!(target instanceof Map) && !(target instanceof TensorRef)) {
            throw new CheckpointException("checkpoint " + file + " sets the state of a " + describe(target)
                    + ", which a state dict never does; refused");
        }
    }

    /**
     * Dict keys must be what Python can hash: scalars, or tuples of scalars. Anything else (a list, possibly
     * containing itself) would make Java's hashCode recurse without end, so it is refused.
     */
    private Object key(Object key) {
        if (isScalar(key) || (key instanceof Tuple t && t.items().stream().allMatch(RestrictedUnpickler::isScalar))) {
            return key;
        }
        throw new CheckpointException("checkpoint " + file + " uses a " + describe(key) + " as a dict key, which"
                + " Python itself cannot do; the file is corrupt or crafted. Refused.");
    }

    private static boolean isScalar(Object o) {
        return o == null || o instanceof String || o instanceof Long || o instanceof BigInteger
                || o instanceof Double || o instanceof Boolean;
    }

    private static long[] longs(Object tuple) {
        List<Object> items = ((Tuple) tuple).items();
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Long) items.get(i);
        }
        return out;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw new CheckpointException("checkpoint " + file + " reads pickle memo slot " + index
                    + " that was never written; the file is corrupt: download it again");
        }
        return memo.get(index);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw new CheckpointException("checkpoint " + file + " sets an item on a " + describe(o) + "; refused");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw new CheckpointException("checkpoint " + file + " appends to a " + describe(o) + "; refused");
    }

    private Object pop() {
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw new CheckpointException("checkpoint " + file + " has a malformed pickle (unexpected MARK); the file"
                    + " is corrupt: download it again");
        }
        return o;
    }

    private Object peek() {
        Object o = stack.get(stack.size() - 1);
        if (o == MARK) {
            throw new CheckpointException("checkpoint " + file + " has a malformed pickle (unexpected MARK)");
        }
        return o;
    }

    private List<Object> popN(int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        if (items.contains(MARK)) {
            throw new CheckpointException("checkpoint " + file + " has a malformed pickle (MARK inside a tuple)");
        }
        stack.subList(stack.size() - n, stack.size()).clear();
        return items;
    }

    private List<Object> popMark() {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw new CheckpointException("checkpoint " + file + " has a malformed pickle (no MARK); the file is"
                    + " corrupt: download it again");
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private int advance(long n) {
        if (n < 0 || n > in.remaining()) {
            throw new CheckpointException("checkpoint " + file + " has a pickle that claims " + n
                    + " more bytes than it holds; the file is truncated: download it again");
        }
        int at = in.position();
        in.position(at + (int) n);
        in.order(ByteOrder.LITTLE_ENDIAN);
        return at;
    }

    private double bigEndianDouble() {
        int at = advance(8);
        double d = in.order(ByteOrder.BIG_ENDIAN).getDouble(at);
        in.order(ByteOrder.LITTLE_ENDIAN);
        return d;
    }

    private byte[] bytes(long n) {
        int at = advance(n);
        byte[] b = new byte[(int) n];
        in.get(at, b);
        return b;
    }

    private String utf8(long n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(long n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    private Object longLE(long n) {
        byte[] le = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line() {
        StringBuilder s = new StringBuilder();
        for (byte b; (b = in.get()) != '\n'; ) {
            s.append((char) (b & 0xff));
            if (s.length() > 256) {
                throw new CheckpointException("checkpoint " + file + " has a GLOBAL name longer than 256 characters;"
                        + " refused");
            }
        }
        return s.toString();
    }
}
