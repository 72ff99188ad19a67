package dev.autodistill4j.trainers.cnn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.autodistill4j.api.Autodistill4jException;

import java.util.Locale;

/**
 * Parses the CLI's {@code --device} values ({@code cpu}, {@code gpu}, {@code gpu:1}) into DJL devices. No value
 * means the CPU, as everywhere else in autodistill4j: a visible GPU is used only when asked for.
 */
final class Devices {
    private Devices() {
    }

    static Device parse(String name) {
        if (name == null || name.isBlank()) {
            return Device.cpu(); // not the engine's default, which is a GPU whenever one is visible
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.equals("cuda")) {
            return checkGpu(0, name);
        }
        if (n.startsWith("gpu:") || n.startsWith("cuda:")) {
            try {
                return checkGpu(Integer.parseInt(n.substring(n.indexOf(':') + 1)), name);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new Autodistill4jException("unknown device '" + name + "': give cpu, gpu or gpu:<index>");
    }

    private static Device checkGpu(int index, String name) {
        int count = Engine.getEngine("PyTorch").getGpuCount();
        if (index >= count) {
            throw new Autodistill4jException("device '" + name + "' is not available (" + count + " GPUs visible to "
                    + "PyTorch): use --device cpu, or a CUDA build of the PyTorch native library");
        }
        return Device.gpu(index);
    }
}
