package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.onnx.export.Precision;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What names a cached ONNX export: the checkpoint's weights sha256, the sha256 of every file beside them that
 * the export reads (config, preprocessing, tokenizer), the precision and {@link #EXPORTER_VERSION}. Two runs
 * share an export exactly when all of these are equal, so a changed checkpoint, a fixed config.json or a new
 * exporter never reuses an old graph.
 *
 * @param checkpointSha256 sha256 of the weights file (of the shards, for a sharded index)
 * @param sidecars         file name → sha256 of each config/tokenizer file present beside the weights
 * @param precision        fp32 or int8
 * @param id               the cache folder's name: {@code <precision>-<first 32 hex digits of the key hash>}
 */
public record ExportKey(String checkpointSha256, Map<String, String> sidecars, Precision precision, String id) {
    /**
     * Bump whenever {@code ClipOnnxExporter} writes different graphs or files for the same checkpoint (new ops,
     * a fixed quantisation, another manifest field): every cached export made by an older exporter is then
     * ignored and made again.
     */
    public static final int EXPORTER_VERSION = 1;

    /** The files beside the weights that change what an export contains, when present. */
    static final List<String> SIDECARS = List.of("config.json", "model_config.json", "open_clip_config.json",
            "preprocessor_config.json", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json");

    public ExportKey {
        sidecars = Map.copyOf(sidecars);
    }

    /** Hashes the checkpoint at {@code checkpoint} (a folder or weights file, as the metaclip provider takes). */
    public static ExportKey of(Path checkpoint, Precision precision) {
        Path weights = ClipCheckpointLoader.weightsFile(checkpoint);
        String sha = ClipCheckpointLoader.sha256(weights);
        Map<String, String> sidecars = new LinkedHashMap<>();
        Path dir = weights.toAbsolutePath().getParent();
        for (String name : SIDECARS) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                sidecars.put(name, ClipCheckpointLoader.sha256(f));
            }
        }
        return of(sha, sidecars, precision);
    }

    /** The key of already known hashes. */
    public static ExportKey of(String checkpointSha256, Map<String, String> sidecars, Precision precision) {
        StringBuilder text = new StringBuilder()
                .append("exporter=").append(EXPORTER_VERSION).append('\n')
                .append("precision=").append(precision.id()).append('\n')
                .append("weights=").append(checkpointSha256).append('\n');
        SIDECARS.stream().filter(sidecars::containsKey)
                .forEach(n -> text.append(n).append('=').append(sidecars.get(n)).append('\n'));
        String hash = sha256(text.toString());
        return new ExportKey(checkpointSha256, sidecars, precision, precision.id() + "-" + hash.substring(0, 32));
    }

    /** This key for another precision (the self-check's fp32 reference of an int8 export). */
    public ExportKey withPrecision(Precision p) {
        return of(checkpointSha256, sidecars, p);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available in the JDK", e);
        }
    }
}
