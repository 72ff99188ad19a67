package dev.autodistill4j.metaclip.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 21 item 7: closing a sharded checkpoint closes every shard even when the first one's close fails. */
class ShardedStateDictCloseTest {
    @TempDir
    Path tmp;

    private final List<String> closed = new ArrayList<>();

    @Test
    void everyShardIsClosedAndLaterFailuresAreSuppressed() throws IOException {
        Path index = index();
        StateDict dict = ShardedStateDict.open(index, shard -> new FakeShard(shard.getFileName().toString(),
                !shard.getFileName().toString().equals("b.safetensors")));
        assertThatThrownBy(dict::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("a.safetensors broke")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("c.safetensors broke")));
        assertThat(closed).containsExactly("a.safetensors", "b.safetensors", "c.safetensors");
    }

    @Test
    void aShardThatDoesNotMatchTheIndexClosesTheOpenedOnesAndKeepsTheReason() throws IOException {
        Path index = index();
        // every shard claims to hold nothing: the index check fails after all three are open
        assertThatThrownBy(() -> ShardedStateDict.open(index, shard -> new FakeShard(shard.getFileName().toString(),
                true) {
            @Override
            public Set<String> names() {
                return Set.of();
            }
        })).isInstanceOf(CheckpointException.class).hasMessageContaining("does not hold it")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));
        assertThat(closed).containsExactly("a.safetensors", "b.safetensors", "c.safetensors");
    }

    private Path index() throws IOException {
        for (String f : List.of("a", "b", "c")) {
            Files.writeString(tmp.resolve(f + ".safetensors"), f);
        }
        return Files.writeString(tmp.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"x\": "
                + "\"a.safetensors\", \"y\": \"b.safetensors\", \"z\": \"c.safetensors\"}}");
    }

    /** A shard holding the one tensor its file is mapped to; {@code fails}: its close throws. */
    private class FakeShard implements StateDict {
        private final String file;
        private final boolean fails;

        FakeShard(String file, boolean fails) {
            this.file = file;
            this.fails = fails;
        }

        @Override
        public Set<String> names() {
            return Set.of(switch (file) {
                case "a.safetensors" -> "x";
                case "b.safetensors" -> "y";
                default -> "z";
            });
        }

        @Override
        public TensorInfo info(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[] floats(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed.add(file);
            if (fails) {
                throw new IllegalStateException(file + " broke");
            }
        }
    }
}
