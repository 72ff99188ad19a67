package dev.autodistill4j.runtime.regions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts a {@code regions.jsonl} into a {@link RegionSummary}. */
final class RegionTally {
    private RegionTally() {
    }

    static RegionSummary summarise(String output, List<Map<String, Object>> records, int resumed) {
        int images = 0;
        int boxes = 0;
        int named = 0;
        int unknown = 0;
        int dropped = 0;
        int failed = 0;
        int skipped = 0;
        Map<String, Integer> perClass = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            if (r.get("error") != null) {
                failed++;
                errors.put(String.valueOf(r.get("key")), String.valueOf(r.get("error")));
                continue;
            }
            images++;
            List<?> refused = (List<?>) r.getOrDefault("skipped", List.of());
            for (int i = 0; i < refused.size(); i++) {
                skipped++;
                errors.put(r.get("key") + " skipped " + (i + 1), String.valueOf(refused.get(i)));
            }
            for (Object o : (List<?>) r.getOrDefault("boxes", List.of())) {
                Map<?, ?> b = (Map<?, ?>) o;
                boxes++;
                if (Boolean.TRUE.equals(b.get("named"))) {
                    named++;
                    perClass.merge(String.valueOf(b.get("class")), 1, Integer::sum);
                } else if (Boolean.TRUE.equals(b.get("dropped"))) {
                    dropped++;
                } else {
                    unknown++;
                }
            }
        }
        return new RegionSummary(output, images, boxes, named, unknown, dropped, skipped, failed, resumed, perClass,
                errors);
    }
}
