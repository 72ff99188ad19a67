package dev.autodistill4j.curation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * Saved uniform draws ({@code --draws FILE}: a JSON list of numbers in [0, 1)), taken in order — how the tests
 * replay the reference's own {@code random.random()} values and so its exact keep decisions. With the per-text
 * variant the list holds one value per input row (rows without matches use theirs too); with the sequential
 * variant it is the stream that the tried entries consume. Running out is an error naming the file.
 */
public final class DrawsFile implements DoubleSupplier {
    private final Path file;
    private final double[] values;
    private int next;

    private DrawsFile(Path file, double[] values) {
        this.file = file;
        this.values = values;
    }

    public static DrawsFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CurationException(file + " is not a file: `draws` takes a JSON list of numbers in [0, 1)");
        }
        double[] v = new double[1024];
        int n = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new CurationException(file + " is not a JSON list: `draws` takes a list such as [0.13, 0.84]");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                    throw new CurationException(file + " element " + n + " is not a number: every draw must be a "
                            + "number in [0, 1)");
                }
                double d = p.getDoubleValue();
                if (!(d >= 0.0 && d < 1.0)) {
                    throw new CurationException(file + " element " + n + " is " + p.getText()
                            + ", outside [0, 1): draws are uniform numbers as random.random() returns them");
                }
                if (n == v.length) {
                    v = Arrays.copyOf(v, n * 2);
                }
                v[n++] = d;
            }
            if (p.nextToken() != null) {
                throw new CurationException(file + " has data after the closing ] of the list: remove it");
            }
        } catch (IOException e) {
            throw new CurationException(file + " is not valid JSON (" + Metadata.firstLine(e) + "): `draws` takes "
                    + "a JSON list of numbers in [0, 1)", e);
        }
        return new DrawsFile(file, Arrays.copyOf(v, n));
    }

    public Path file() {
        return file;
    }

    public int size() {
        return values.length;
    }

    /** How many draws were taken so far. */
    public int used() {
        return next;
    }

    @Override
    public double getAsDouble() {
        if (next == values.length) {
            throw new CurationException(file + " has only " + values.length + " draws and this run needs more: "
                    + "give one draw per input row (per-text variant) or enough for the sequential stream, or use "
                    + "`seed`");
        }
        return values[next++];
    }
}
