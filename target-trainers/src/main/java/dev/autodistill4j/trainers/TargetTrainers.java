package dev.autodistill4j.trainers;

import dev.autodistill4j.api.spi.NamedServices;

import java.util.List;

/**
 * The {@link TargetTrainer}s of one invocation, by name, so a new trainer is a jar away. Built once by a
 * composition root ({@link #discover()}: the CLI's injector, an example's {@code main}) and handed to what needs
 * it — {@code train}, the {@code target} provider — with the project's one {@link NamedServices} rules: two
 * trainers with one name is an error naming both jars, an unknown name lists the known ones.
 */
public final class TargetTrainers {
    private static final String KIND = "target trainer";

    private final NamedServices<TargetTrainer> trainers;

    private TargetTrainers(NamedServices<TargetTrainer> trainers) {
        this.trainers = trainers;
    }

    /** Trainers found with {@link java.util.ServiceLoader} through the context class loader (or this class's). */
    public static TargetTrainers discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return discover(cl != null ? cl : TargetTrainers.class.getClassLoader());
    }

    /** Trainers found with {@link java.util.ServiceLoader} through {@code loader}. */
    public static TargetTrainers discover(ClassLoader loader) {
        return new TargetTrainers(NamedServices.load(TargetTrainer.class, loader, KIND, TrainingException::new));
    }

    /** The given trainers (tests, embedding applications). */
    public static TargetTrainers of(List<? extends TargetTrainer> trainers) {
        return new TargetTrainers(NamedServices.of(KIND, trainers, TrainingException::new));
    }

    /** All trainers, sorted by name. */
    public List<TargetTrainer> all() {
        return trainers.all();
    }

    public List<String> names() {
        return trainers.names();
    }

    /** The trainer called {@code name}; unknown → an error listing the available ones. */
    public TargetTrainer find(String name) {
        return trainers.get(name);
    }
}
