package dev.autodistill4j.spark;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.spark.job.ExecutorModels;
import dev.autodistill4j.spark.job.ModelKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-JVM model holder with the framework's {@code test-colour} model: many task threads asking at once get
 * one model, loaded once; the key survives Java serialisation (it travels inside every task); an executor whose
 * checkpoint hash differs from the driver's refuses to work.
 */
class ExecutorModelsTest {
    @Test
    void concurrentTasksShareOneLazilyLoadedModel() throws Exception {
        ModelKey key = ModelKey.of("test-colour", null, Map.of("note", "concurrency"),
                CaptionOntology.of(Map.of("something red", "red", "something blue", "blue")));
        int before = ExecutorModels.loads();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        Set<BaseModel> seen = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ModelKey copy = roundTrip(key);
            futures.add(pool.submit(() -> {
                start.await();
                seen.add(ExecutorModels.get(copy));
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(seen).hasSize(1);
        assertThat(ExecutorModels.loads()).isEqualTo(before + 1);
        assertThat(ExecutorModels.get(key)).isSameAs(seen.iterator().next());
        assertThat(ExecutorModels.release(key)).isTrue();
    }

    @Test
    void aCheckpointOtherThanTheDriversIsRefused() {
        ModelKey key = ModelKey.of("test-colour", null, Map.of("note", "checksum"), null)
                .withChecksum("0000000000000000000000000000000000000000000000000000000000000000");
        assertThatThrownBy(() -> ExecutorModels.get(key)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("driver's has 0000").hasMessageContaining("--archives");
    }

    private static ModelKey roundTrip(ModelKey key) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(key);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ModelKey) in.readObject();
        }
    }
}
