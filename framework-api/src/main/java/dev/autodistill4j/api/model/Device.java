package dev.autodistill4j.api.model;

import dev.autodistill4j.api.Autodistill4jException;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where a model runs: the CPU, or one GPU by index. One type for every command, config file and provider, parsed
 * from the user's text in one place ({@link #parse}); the CPU is the default everywhere, so a visible GPU is used
 * only when asked for (engines such as PyTorch would otherwise pick it on their own). Whether the device exists is
 * the engine's question and is checked by the provider that loads the model.
 *
 * @param kind  CPU or GPU
 * @param index the GPU's index (0 for the CPU)
 */
public record Device(Kind kind, int index) implements Serializable {

    /** The processor families a provider may run on. */
    public enum Kind { CPU, GPU }

    /** The default. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("device kind is null");
        }
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("invalid device index " + index + " for " + kind);
        }
    }

    /** The GPU with this index (CUDA numbering). */
    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /**
     * Reads {@code cpu}, {@code gpu} (= {@code gpu:0}), {@code gpu:N}, or {@code cuda}/{@code cuda:N};
     * null or blank means {@link #CPU}.
     *
     * @throws Autodistill4jException naming the text and the accepted forms
     */
    public static Device parse(String text) {
        if (text == null || text.isBlank()) {
            return CPU;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("gpu") || t.equals("cuda")) {
            return gpu(0);
        }
        int colon = t.indexOf(':');
        String head = colon < 0 ? t : t.substring(0, colon);
        if (colon > 0 && (head.equals("gpu") || head.equals("cuda"))) {
            String n = t.substring(colon + 1);
            if (n.matches("[0-9]{1,4}")) {
                return gpu(Integer.parseInt(n));
            }
        }
        throw new Autodistill4jException("device '" + text + "' is not understood: use cpu, gpu or gpu:N "
                + "(N = the GPU's index, 0 for the first)");
    }

    public boolean isGpu() {
        return kind == Kind.GPU;
    }

    /** {@code cpu} or {@code gpu:N}: what {@link #parse} reads back. */
    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "gpu:" + index;
    }
}
