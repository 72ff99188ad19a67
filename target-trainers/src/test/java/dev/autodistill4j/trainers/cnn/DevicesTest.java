package dev.autodistill4j.trainers.cnn;

import ai.djl.Device;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.trainers.TrainingRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevicesTest {
    @Test
    void noDeviceMeansTheCpuEvenWhereTheEngineWouldPickAGpu() {
        assertThat(Devices.toDjl(null)).isEqualTo(Device.cpu());
        assertThat(Devices.toDjl(dev.autodistill4j.api.model.Device.CPU)).isEqualTo(Device.cpu());
        TrainingRequest unset = TrainingRequest.builder(Path.of("d"), Path.of("o")).build();
        assertThat(Devices.toDjl(unset.device())).isEqualTo(Device.cpu());
    }

    @Test
    void aGpuTheEngineCannotSeeIsRefusedWithTheFix() {
        assertThatThrownBy(() -> Devices.toDjl(dev.autodistill4j.api.model.Device.gpu(63)))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("use `device` cpu");
    }
}
