package dev.autodistill4j.metaclip.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.autodistill4j.api.model.ModelLoadException;

import java.util.Locale;

/**
 * Maps the user's {@code --device} string to a DJL {@link Device}.
 *
 * <p>The default is the CPU even when a GPU is present: a labelling run must give the same numbers on every
 * machine unless the user asks for acceleration, and a CPU-only native build cannot use a GPU anyway.
 */
public final class DeviceNames {
    private DeviceNames() {
    }

    /**
     * @param name {@code cpu}, {@code gpu}, {@code gpu:N}, {@code cuda}, {@code cuda:N}; null or blank = CPU
     * @throws ModelLoadException for an unknown form, or a GPU the engine cannot see
     */
    public static Device parse(String name, Engine engine) {
        if (name == null || name.isBlank()) {
            return Device.cpu();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        int id;
        if (n.equals("gpu") || n.equals("cuda")) {
            id = 0;
        } else if (n.startsWith("gpu:") || n.startsWith("cuda:")) {
            try {
                id = Integer.parseInt(n.substring(n.indexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new ModelLoadException("device '" + name + "' is not understood: use cpu, gpu or gpu:N");
            }
            if (id < 0) {
                throw new ModelLoadException("device '" + name + "' has a negative index: use gpu:0, gpu:1 …");
            }
        } else {
            throw new ModelLoadException("device '" + name + "' is not understood: use cpu, gpu or gpu:N");
        }
        int gpus = engine.getGpuCount();
        if (id >= gpus) {
            throw new ModelLoadException("device '" + name + "' was requested but the PyTorch engine sees " + gpus
                    + " GPU(s): build with a CUDA native flavour (mvn package -Dpytorch.native.artifact="
                    + "pytorch-native-cu128) and check the driver, or use --device cpu");
        }
        return Device.gpu(id);
    }
}
