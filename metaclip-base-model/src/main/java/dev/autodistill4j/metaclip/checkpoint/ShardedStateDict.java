package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.Closeables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A sharded checkpoint ({@code model.safetensors.index.json} or {@code pytorch_model.bin.index.json}: a
 * {@code weight_map} from tensor name to shard file) as one {@link StateDict}. Each shard is opened with the
 * reader for its format and stays lazy, so the shards are never held in memory together.
 *
 * <p>Checked when opened: every shard is a plain file name in the index's folder (no {@code ../}), exists,
 * and holds exactly the tensors the map assigns to it — a missing shard or a half-downloaded one fails here,
 * naming the file.
 */
final class ShardedStateDict implements StateDict {
    private final Path index;
    private final Map<String, StateDict> byName;
    private final List<StateDict> shards;

    private ShardedStateDict(Path index, Map<String, StateDict> byName, List<StateDict> shards) {
        this.index = index;
        this.byName = Collections.unmodifiableMap(byName);
        this.shards = List.copyOf(shards);
    }

    /** Opens {@code index} and all its shards with {@code openShard}. */
    static StateDict open(Path index, Function<Path, StateDict> openShard) {
        Map<String, String> map = weightMap(index);
        Map<String, StateDict> opened = new LinkedHashMap<>();
        List<StateDict> shards = new ArrayList<>();
        try {
            for (String file : new TreeSet<>(map.values())) {
                StateDict shard = openShard.apply(shardPath(index, file));
                shards.add(shard);
                opened.put(file, shard);
            }
            Map<String, StateDict> byName = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : map.entrySet()) {
                StateDict shard = opened.get(e.getValue());
                if (!shard.contains(e.getKey())) {
                    throw new CheckpointException(index + " places tensor '" + e.getKey() + "' in " + e.getValue()
                            + ", which does not hold it: the shards do not belong to this index. Download the"
                            + " checkpoint again.");
                }
                byName.put(e.getKey(), shard);
            }
            return new ShardedStateDict(index, byName, shards);
        } catch (RuntimeException e) {
            Closeables.closeAfterFailure(e, shards.toArray(StateDict[]::new));
            throw e;
        }
    }

    /** The shard files of {@code index}, in the order their bytes are hashed for provenance. */
    static List<Path> shardFiles(Path index) {
        return new TreeSet<>(weightMap(index).values()).stream().map(f -> shardPath(index, f)).toList();
    }

    private static Map<String, String> weightMap(Path index) {
        JsonNode map = ConfigFiles.read(index).path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index + " has no weight_map: it is not a sharded checkpoint index."
                    + " Download it again.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(index + ": weight_map entry '" + e.getKey() + "' is not a file name");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static Path shardPath(Path index, String file) {
        Path name = Path.of(file);
        if (file.isEmpty() || name.getNameCount() != 1 || file.equals("..") || file.equals(".") || name.isAbsolute()) {
            throw new CheckpointException(index + " names the shard '" + file + "', which is not a file name in "
                    + "its folder; the index is corrupt or hostile. Download the checkpoint again.");
        }
        Path shard = index.resolveSibling(file);
        if (!Files.isRegularFile(shard)) {
            throw new CheckpointException(index + " needs the shard " + shard + ", which is missing: download all "
                    + "the model-*-of-*.safetensors files of the checkpoint");
        }
        return shard;
    }

    @Override
    public Set<String> names() {
        return byName.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return shard(name).info(name);
    }

    @Override
    public float[] floats(String name) {
        return shard(name).floats(name);
    }

    @Override
    public boolean readsRanges() {
        return shards.stream().allMatch(StateDict::readsRanges);
    }

    @Override
    public void readFloats(String name, long offset, float[] out, int outOffset, int count) {
        shard(name).readFloats(name, offset, out, outOffset, count);
    }

    private StateDict shard(String name) {
        StateDict s = byName.get(name);
        if (s == null) {
            throw new CheckpointException(index + " has no tensor named '" + name + "'");
        }
        return s;
    }

    /** Closes every shard, even when one fails (the first failure is thrown, later ones suppressed on it). */
    @Override
    public void close() {
        Closeables.closeAll("the shards of " + index, shards.toArray(StateDict[]::new));
    }
}
