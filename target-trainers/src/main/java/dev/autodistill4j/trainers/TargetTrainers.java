package dev.autodistill4j.trainers;

import dev.autodistill4j.api.spi.NamedServices;

import java.util.List;

/**
 * The {@link TargetTrainer}s on the class path, so a new trainer is a jar away. Loaded once (on first use) with the
 * project's one {@link NamedServices} rules: two trainers with one name is an error naming both jars, an unknown
 * name lists the known ones.
 */
public final class TargetTrainers {
    private TargetTrainers() {
    }

    /** Initialised on first use by the JVM's class-loading lock; immutable afterwards. */
    private static final class Loaded {
        static final NamedServices<TargetTrainer> TRAINERS = NamedServices.load(TargetTrainer.class,
                TargetTrainers.class.getClassLoader(), "target trainer", TrainingException::new);
    }

    /** All trainers, sorted by name. */
    public static List<TargetTrainer> all() {
        return Loaded.TRAINERS.all();
    }

    public static List<String> names() {
        return Loaded.TRAINERS.names();
    }

    /** The trainer called {@code name}; unknown → an error listing the available ones. */
    public static TargetTrainer find(String name) {
        return Loaded.TRAINERS.get(name);
    }
}
