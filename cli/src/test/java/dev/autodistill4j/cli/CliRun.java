package dev.autodistill4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one in-process CLI runner of the tests: runs {@link Main#execute} exactly as the launcher does, with stdout
 * (JSON lines) and stderr captured, and returns them with the exit code.
 */
public record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static synchronized CliRun of(String... args) {
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
    public List<Map<String, Object>> json() {
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

    /** Every stdout line as a Jackson tree (fails on anything that is not JSON). */
    public List<JsonNode> jsonNodes() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    nodes.add(JSON.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("stdout line is not JSON: " + line + "\nstderr: " + err, e);
                }
            }
        }
        return nodes;
    }

    /**
     * The CLI's one {@code error:} line (or "" when there is none). stderr also carries log lines (the model
     * loaded, progress), so tests look for the error line rather than at the start of stderr.
     */
    public String errorLine() {
        return err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
