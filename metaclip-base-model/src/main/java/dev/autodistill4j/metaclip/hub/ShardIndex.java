package dev.autodistill4j.metaclip.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The shard files a downloaded {@code model.safetensors.index.json} asks for. The index comes from the network,
 * so a shard name is accepted only as a plain file name: {@code ../../.bashrc} never becomes a download target.
 */
final class ShardIndex {
    private ShardIndex() {
    }

    /** The distinct shard files of an index; names that are not plain file names are refused. */
    static List<String> shardNames(Path index) throws IOException {
        JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        TreeSet<String> shards = new TreeSet<>();
        map.forEach(n -> shards.add(n.asText("")));
        for (String s : shards) {
            if (!s.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || s.endsWith(".incomplete")) {
                throw new HubException(index + " names the shard '" + s + "', which is not a plain file name;"
                        + " the repository's index is corrupt or hostile");
            }
        }
        if (shards.isEmpty()) {
            throw new HubException(index + " has an empty weight_map; the repository's index is corrupt");
        }
        return List.copyOf(shards);
    }

}
