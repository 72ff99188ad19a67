package dev.autodistill4j.api.model;

import dev.autodistill4j.api.Autodistill4jException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceTest {
    @Test
    void nothingGivenMeansTheCpu() {
        assertThat(Device.parse(null)).isEqualTo(Device.CPU);
        assertThat(Device.parse(" ")).isEqualTo(Device.CPU);
        assertThat(Device.parse("CPU")).isEqualTo(Device.CPU);
        assertThat(new ModelRequest(null, null, null, null).device()).isEqualTo(Device.CPU);
    }

    @Test
    void gpusByIndexAndTheirCudaSpelling() {
        assertThat(Device.parse("gpu")).isEqualTo(Device.gpu(0));
        assertThat(Device.parse("cuda:2")).isEqualTo(Device.gpu(2));
        assertThat(Device.parse(" GPU:1 ")).isEqualTo(Device.gpu(1)).hasToString("gpu:1");
        assertThat(Device.parse(Device.gpu(3).toString())).isEqualTo(Device.gpu(3));
        assertThat(Device.gpu(0).isGpu()).isTrue();
        assertThat(Device.CPU.isGpu()).isFalse();
    }

    @Test
    void unknownFormsAreRefusedWithTheChoices() {
        for (String bad : new String[] {"tpu", "gpu:", "gpu:-1", "gpu:x", "cpu:1", "gpu:99999"}) {
            assertThatThrownBy(() -> Device.parse(bad)).as(bad).isInstanceOf(Autodistill4jException.class)
                    .hasMessageContaining("cpu, gpu or gpu:N").hasMessageContaining(bad);
        }
    }
}
