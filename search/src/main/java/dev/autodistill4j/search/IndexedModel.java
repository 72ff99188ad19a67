package dev.autodistill4j.search;

import dev.autodistill4j.api.model.ModelInfo;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The identity of the model whose embeddings an index holds, kept in Lucene's commit user data so it travels
 * with the index. Two models are the same when their checkpoint sha256 match (or, for in-code models without a
 * checkpoint, their spec) and their dimensions agree.
 *
 * @param spec             {@code provider:reference} as given to {@code --model}
 * @param checkpointSha256 hex sha256 of the weights, or null for in-code models
 * @param dimension        embedding dimension
 */
public record IndexedModel(String spec, String checkpointSha256, int dimension) {

    static final String KEY_SPEC = "model.spec";
    static final String KEY_SHA = "model.checkpointSha256";
    static final String KEY_DIM = "model.dimension";

    public static IndexedModel of(ModelInfo info, int dimension) {
        return new IndexedModel(info.spec(), info.checkpointSha256(), dimension);
    }

    public boolean sameModelAs(IndexedModel other) {
        if (dimension != other.dimension) {
            return false;
        }
        if (checkpointSha256 != null && other.checkpointSha256 != null) {
            return checkpointSha256.equalsIgnoreCase(other.checkpointSha256);
        }
        return Objects.equals(spec, other.spec);
    }

    /** Human description for error messages. */
    public String describe() {
        return spec + (checkpointSha256 == null ? "" : " (checkpoint sha256 " + shortSha() + ")") + ", "
                + dimension + " dimensions";
    }

    private String shortSha() {
        return checkpointSha256.length() > 12 ? checkpointSha256.substring(0, 12) + "…" : checkpointSha256;
    }

    Map<String, String> toUserData() {
        Map<String, String> m = new HashMap<>();
        m.put(KEY_SPEC, spec);
        if (checkpointSha256 != null) {
            m.put(KEY_SHA, checkpointSha256);
        }
        m.put(KEY_DIM, Integer.toString(dimension));
        return m;
    }

    static IndexedModel fromUserData(Map<String, String> data) {
        String spec = data.get(KEY_SPEC);
        String dim = data.get(KEY_DIM);
        if (spec == null || dim == null) {
            return null;
        }
        return new IndexedModel(spec, data.get(KEY_SHA), Integer.parseInt(dim));
    }
}
