package dev.autodistill4j.onnx;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.onnx.graph.OnnxFileWriter;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A hostile {@code onnx:} folder cannot make ONNX Runtime read a file outside it (issue #19 item 5: external data
 * by absolute path, {@code ../} or a symlink leaving the folder had {@code embed} print a fake private key as the
 * embedding). Each case rewrites one initializer's external-data reference and — as an attacker would — the
 * manifest's hash of the graph, and sizes the "secret" so that ONNX Runtime would load it without complaint.
 */
class ExternalDataSafetyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path export;
    Path secret;
    long tensorBytes;

    @BeforeEach
    void exportWithExternalData() throws Exception {
        export = Files.createDirectories(tmp.resolve("models/clip"));
        new ClipOnnxExporter(Precision.FP32, new OnnxFileWriter(1024)).export(Fixtures.resolve("clip/tiny-clip"),
                "tiny", null, export);
        OnnxMl.TensorProto t = firstExternal(read(image()));
        tensorBytes = Long.parseLong(entry(t, "length"));
        secret = tmp.resolve("secret.key");
        byte[] key = new byte[(int) tensorBytes];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i % 7 == 0 ? 0x3f : 0x01); // finite floats: a load would succeed
        }
        Files.write(secret, key);
    }

    Path image() {
        return export.resolve(ClipOnnxManifest.IMAGE_FILE);
    }

    static OnnxMl.ModelProto read(Path model) throws Exception {
        return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model));
    }

    static OnnxMl.TensorProto firstExternal(OnnxMl.ModelProto m) {
        return m.getGraph().getInitializerList().stream().filter(t -> t.getExternalDataCount() > 0).findFirst()
                .orElseThrow();
    }

    static String entry(OnnxMl.TensorProto t, String key) {
        return t.getExternalDataList().stream().filter(e -> e.getKey().equals(key)).findFirst().orElseThrow()
                .getValue();
    }

    /** Rewrites the first external initializer's entries and updates the manifest's hash of the graph. */
    void rewrite(Map<String, String> entries) throws Exception {
        rewrite(t -> {
            OnnxMl.TensorProto.Builder b = t.toBuilder().clearExternalData();
            entries.forEach((k, v) -> b.addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
            return b.build();
        });
    }

    void rewrite(UnaryOperator<OnnxMl.TensorProto> change) throws Exception {
        OnnxMl.ModelProto m = read(image());
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getExternalDataCount() > 0) {
                g.setInitializer(i, change.apply(g.getInitializer(i)));
                break;
            }
        }
        Files.write(image(), m.toBuilder().setGraph(g).build().toByteArray());
        Path manifest = export.resolve(ClipOnnxManifest.FILE);
        ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
        ObjectNode f = (ObjectNode) root.get("files").get(ClipOnnxManifest.IMAGE_FILE);
        f.put("sha256", ClipCheckpointLoader.sha256(image()));
        f.put("bytes", Files.size(image()));
        JSON.writeValue(manifest.toFile(), root);
    }

    void assertRefused(String... messageParts) {
        assertThatThrownBy(() -> new OnnxProvider().load(new ModelRequest(export.toString(), null, null,
                Map.of("threads", "1")))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(ClipOnnxManifest.IMAGE_FILE).satisfies(e -> {
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
    }

    @Test
    void theUntouchedExportLoads() {
        new OnnxProvider().load(new ModelRequest(export.toString(), null, null, Map.of("threads", "1"))).close();
    }

    @Test
    void anAbsoluteLocationIsRefused() throws Exception {
        rewrite(Map.of("location", secret.toString(), "offset", "0", "length", String.valueOf(tensorBytes)));
        assertRefused(secret.toString(), "absolute");
    }

    @Test
    void aLocationReachingOutOfTheFolderIsRefused() throws Exception {
        rewrite(Map.of("location", "../../secret.key", "offset", "0", "length", String.valueOf(tensorBytes)));
        assertRefused("../../secret.key", "..");
    }

    @Test
    void aLinkLeavingTheFolderIsRefused() throws Exception {
        Files.createSymbolicLink(export.resolve("weights.data"), secret);
        rewrite(Map.of("location", "weights.data", "offset", "0", "length", String.valueOf(tensorBytes)));
        assertRefused("weights.data", "outside");
    }

    @Test
    void aLinkedFolderLeavingTheFolderIsRefused() throws Exception {
        Files.createSymbolicLink(export.resolve("sub"), tmp);
        rewrite(Map.of("location", "sub/secret.key", "offset", "0", "length", String.valueOf(tensorBytes)));
        assertRefused("sub/secret.key", "outside");
    }

    @Test
    void onnxRuntimesMemoryAddressLocationIsRefused() throws Exception {
        rewrite(Map.of("location", "*/_ORT_MEM_ADDR_/*", "offset", "4096", "length", String.valueOf(tensorBytes)));
        assertRefused("_ORT_MEM_ADDR_");
    }

    @Test
    void aRangeBeyondTheDataFileIsRefused() throws Exception {
        String location = ClipOnnxManifest.IMAGE_FILE + ".data";
        long size = Files.size(export.resolve(location));
        rewrite(Map.of("location", location, "offset", String.valueOf(size - 4), "length", String.valueOf(tensorBytes)));
        assertRefused(location, "beyond");
        rewrite(Map.of("location", location, "offset", "-8", "length", String.valueOf(tensorBytes)));
        assertRefused("offset");
        rewrite(Map.of("location", location, "offset", "0", "length", "12"));
        assertRefused("length");
    }

    @Test
    void aDataFileTheManifestDoesNotHashIsRefused() throws Exception {
        Path copy = export.resolve("unlisted.data");
        Files.copy(export.resolve(ClipOnnxManifest.IMAGE_FILE + ".data"), copy);
        OnnxMl.TensorProto t = firstExternal(read(image()));
        rewrite(Map.of("location", "unlisted.data", "offset", entry(t, "offset"), "length", entry(t, "length")));
        assertRefused("unlisted.data", ClipOnnxManifest.FILE);
    }
}
