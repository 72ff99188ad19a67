package dev.autodistill4j.trainers.inject;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.autodistill4j.runtime.inject.Autodistill4jModule;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.cnn.CnnTrainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's injector (both modules) holds one model registry and one set of trainers for a whole invocation. */
class TargetTrainersModuleTest {

    @Test
    void oneInjectorGivesOneRegistryAndOneTrainersInstance() {
        Injector injector = Guice.createInjector(new Autodistill4jModule(), new TargetTrainersModule());
        assertThat(injector.getInstance(TargetTrainers.class)).isSameAs(injector.getInstance(TargetTrainers.class));
        assertThat(injector.getInstance(BaseModelRegistry.class))
                .isSameAs(injector.getInstance(BaseModelRegistry.class));
        assertThat(injector.getInstance(TargetTrainers.class).names()).contains("linear-probe", "cnn", "student");
    }

    @Test
    void givenTrainersAreTheOnesBound() {
        TargetTrainers onlyCnn = TargetTrainers.of(List.of(new CnnTrainer()));
        Injector injector = Guice.createInjector(new Autodistill4jModule(), new TargetTrainersModule(onlyCnn));
        assertThat(injector.getInstance(TargetTrainers.class)).isSameAs(onlyCnn);
        assertThat(onlyCnn.names()).containsExactly("cnn");
    }
}
