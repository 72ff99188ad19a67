package dev.autodistill4j.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@link Main#execute} with stdout and stderr captured. */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            System.out.flush();
            System.err.flush();
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Every stdout line parsed as a JSON object (fails on anything that is not JSON). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> json() {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readValue(line, Map.class));
                } catch (Exception e) {
                    throw new AssertionError("stdout line is not JSON: " + line + "\nstderr: " + err, e);
                }
            }
        }
        return lines;
    }
}
