package dev.autodistill4j.metaclip.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.autodistill4j.api.model.ModelLoadException;

/**
 * Maps the project's {@link dev.autodistill4j.api.model.Device} to a DJL {@link Device}, checking that the engine
 * can see the GPU asked for.
 *
 * <p>The default is the CPU even when a GPU is present: a labelling run must give the same numbers on every
 * machine unless the user asks for acceleration, and a CPU-only native build cannot use a GPU anyway.
 */
public final class DeviceNames {
    private DeviceNames() {
    }

    /**
     * @param device where to run; null = CPU
     * @throws ModelLoadException for a GPU the engine cannot see
     */
    public static Device toDjl(dev.autodistill4j.api.model.Device device, Engine engine) {
        if (device == null || !device.isGpu()) {
            return Device.cpu();
        }
        int gpus = engine.getGpuCount();
        if (device.index() >= gpus) {
            throw new ModelLoadException("device '" + device + "' was requested but the PyTorch engine sees " + gpus
                    + " GPU(s): build with a CUDA native flavour (mvn package -Dpytorch.native.artifact="
                    + "pytorch-native-cu128) and check the driver, or use `device` cpu");
        }
        return Device.gpu(device.index());
    }
}
