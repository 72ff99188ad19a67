package dev.autodistill4j.trainers.cnn;

import ai.djl.Device;
import dev.autodistill4j.api.Autodistill4jException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevicesTest {
    @Test
    void noDeviceMeansTheCpuEvenWhereTheEngineWouldPickAGpu() {
        assertThat(Devices.parse(null)).isEqualTo(Device.cpu());
        assertThat(Devices.parse(" ")).isEqualTo(Device.cpu());
        assertThat(Devices.parse("CPU")).isEqualTo(Device.cpu());
    }

    @Test
    void unknownDevicesAreRefusedWithTheChoices() {
        assertThatThrownBy(() -> Devices.parse("tpu")).isInstanceOf(Autodistill4jException.class)
                .hasMessageContaining("cpu, gpu or gpu:<index>");
    }
}
