package dev.autodistill4j.api.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model's details are written to run.json/model.json in the order the provider gave them, on every run. */
class ModelInfoDetailsTest {
    @Test
    void detailsKeepTheGivenOrderAndCannotBeChanged() {
        Map<String, Object> given = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 40; i > 0; i--) { // enough keys that a hash order would differ from insertion order
            given.put("key" + i, i);
            keys.add("key" + i);
        }
        ModelInfo info = new ModelInfo("p", "r", null, null, null, given);
        assertThat(new ArrayList<>(info.details().keySet())).containsExactlyElementsOf(keys);
        given.put("later", 1);
        assertThat(info.details()).doesNotContainKey("later");
        assertThatThrownBy(() -> info.details().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullValuesAreRefusedAsBefore() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("device", null);
        assertThatThrownBy(() -> new ModelInfo("p", "r", null, null, null, withNull))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("device");
    }
}
