package dev.autodistill4j.search.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query-string parameters, each value percent-decoded exactly once; at most {@link #MAX_PARAMETERS}. */
record Query(Map<String, List<String>> params) {
    static final int MAX_PARAMETERS = 64;

    static Query parse(String raw) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            String[] pairs = raw.split("&", -1);
            if (pairs.length > MAX_PARAMETERS) {
                throw new HttpError(400, "more than " + MAX_PARAMETERS + " query parameters");
            }
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                m.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
            }
        }
        return new Query(m);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-encoding in the query string");
        }
    }

    List<String> all(String key) {
        return params.getOrDefault(key, List.of()).stream().filter(v -> !v.isBlank()).toList();
    }

    String first(String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    int intValue(String key, int dflt, int min, int max) {
        String v = first(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) {
                throw new HttpError(400, key + " must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new HttpError(400, key + " must be a number");
        }
    }
}
