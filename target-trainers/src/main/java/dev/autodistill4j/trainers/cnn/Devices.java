package dev.autodistill4j.trainers.cnn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.autodistill4j.api.Autodistill4jException;

/**
 * Maps the project's {@link dev.autodistill4j.api.model.Device} to a DJL device for training and loading a cnn,
 * checking that PyTorch can see the GPU asked for. The CPU is the default, as everywhere in autodistill4j: a
 * visible GPU is used only when asked for (DJL's engine default would pick it on its own).
 */
public final class Devices {
    private Devices() {
    }

    public static Device toDjl(dev.autodistill4j.api.model.Device device) {
        if (device == null || !device.isGpu()) {
            return Device.cpu();
        }
        int count = Engine.getEngine("PyTorch").getGpuCount();
        if (device.index() >= count) {
            throw new Autodistill4jException("device '" + device + "' is not available (" + count + " GPUs visible to "
                    + "PyTorch): use `device` cpu, or a CUDA build of the PyTorch native library");
        }
        return Device.gpu(device.index());
    }
}
