package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a {@code .safetensors} file as a memory-mapped {@link StateDict}.
 *
 * <p>The format is an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
 * byte range inside the data area, then the data. Everything in the header is checked before any tensor is
 * served, because a truncated download or a crafted file must fail here with a message naming the file and the
 * tensor, not later as an out-of-bounds read or a silently wrong weight.
 */
public final class SafetensorsReader {
    /** The reference implementation refuses headers above 100 MB; so do we. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsReader() {
    }

    /** Maps and validates {@code file}; the returned state dict reads tensors lazily from the mapping. */
    public static StateDict open(Path file) {
        return open(file, MappedFile.DEFAULT_WINDOW);
    }

    static StateDict open(Path file, long window) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("safetensors file " + file + " does not exist or is not a regular file");
        }
        MappedFile mapped;
        try {
            mapped = new MappedFile(file, window);
        } catch (IOException e) {
            throw new CheckpointException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
        long size = mapped.size();
        if (size < 8) {
            throw corrupt(file, "it is " + size + " bytes long, shorter than the 8-byte header length");
        }
        long headerLength = mapped.range(0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
            throw corrupt(file, "the header length field says " + headerLength + " bytes but the file has "
                    + (size - 8) + " bytes after it (limit " + MAX_HEADER_BYTES + ")");
        }
        ByteBuffer headerBytes = mapped.range(8, (int) headerLength);
        byte[] header = new byte[(int) headerLength];
        headerBytes.get(header);
        JsonNode root;
        try {
            root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw corrupt(file, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, "its header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, SafetensorsStateDict.Entry> entries = parseEntries(file, root, dataLength);
        checkNoOverlap(file, entries);
        return new SafetensorsStateDict(mapped, dataStart, entries);
    }

    private static Map<String, SafetensorsStateDict.Entry> parseEntries(Path file, JsonNode root, long dataLength) {
        Map<String, SafetensorsStateDict.Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = field.getValue();
            if (!t.isObject()) {
                throw corrupt(file, "header entry for tensor '" + name + "' is not an object");
            }
            TensorDType dtype = dtype(file, name, t.path("dtype").asText(""));
            JsonNode shapeNode = t.path("shape");
            JsonNode offsets = t.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw corrupt(file, "tensor '" + name + "' lacks a shape array or a two-element data_offsets");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                    throw corrupt(file, "tensor '" + name + "' has an invalid dimension " + d);
                }
                shape[i] = d.asLong();
            }
            long begin = offset(file, name, offsets.get(0));
            long end = offset(file, name, offsets.get(1));
            TensorInfo info = new TensorInfo(name, dtype, shape);
            long expectedBytes;
            try {
                expectedBytes = Math.multiplyExact(info.elementCount(), dtype.bytes());
            } catch (ArithmeticException e) {
                throw corrupt(file, "tensor '" + name + "' has an impossible shape " + info.shapeString());
            }
            if (end < begin) {
                throw corrupt(file, "tensor '" + name + "' ends (" + end + ") before it begins (" + begin + ")");
            }
            if (end > dataLength) {
                throw corrupt(file, "tensor '" + name + "' occupies data bytes " + begin + ".." + end
                        + " but the data area holds only " + dataLength + " bytes (truncated download?)");
            }
            if (end - begin != expectedBytes) {
                throw corrupt(file, "tensor '" + name + "' is " + dtype + info.shapeString() + " = " + expectedBytes
                        + " bytes but its data_offsets span " + (end - begin) + " bytes");
            }
            if (entries.put(name, new SafetensorsStateDict.Entry(info, begin, end)) != null) {
                throw corrupt(file, "tensor '" + name + "' appears twice in the header");
            }
        }
        return entries;
    }

    private static void checkNoOverlap(Path file, Map<String, SafetensorsStateDict.Entry> entries) {
        List<SafetensorsStateDict.Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(SafetensorsStateDict.Entry::begin)
                .thenComparingLong(SafetensorsStateDict.Entry::end));
        SafetensorsStateDict.Entry previous = null;
        for (SafetensorsStateDict.Entry e : sorted) {
            if (e.begin() == e.end()) {
                continue; // empty tensors own no bytes
            }
            if (previous != null && e.begin() < previous.end()) {
                throw corrupt(file, "tensors '" + previous.info().name() + "' (bytes " + previous.begin() + ".."
                        + previous.end() + ") and '" + e.info().name() + "' (bytes " + e.begin() + ".." + e.end()
                        + ") overlap");
            }
            previous = e;
        }
    }

    private static TensorDType dtype(Path file, String tensor, String code) {
        return switch (code) {
            case "F64" -> TensorDType.F64;
            case "F32" -> TensorDType.F32;
            case "F16" -> TensorDType.F16;
            case "BF16" -> TensorDType.BF16;
            case "I64" -> TensorDType.I64;
            case "I32" -> TensorDType.I32;
            case "I16" -> TensorDType.I16;
            case "I8" -> TensorDType.I8;
            case "U8" -> TensorDType.U8;
            case "BOOL" -> TensorDType.BOOL;
            default -> throw new CheckpointException(file + ": tensor '" + tensor + "' has dtype '" + code
                    + "', which autodistill4j does not read (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8,"
                    + " BOOL); convert the checkpoint to float32, float16 or bfloat16");
        };
    }

    private static long offset(Path file, String tensor, JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw corrupt(file, "tensor '" + tensor + "' has an invalid data offset " + n);
        }
        return n.asLong();
    }

    static CheckpointException corrupt(Path file, String problem) {
        return new CheckpointException("safetensors file " + file + " is corrupt or truncated: " + problem
                + ". Delete it and download it again.");
    }
}
