package dev.autodistill4j.trainers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds {@link TargetTrainer}s on the class path, so a new trainer is a jar away. */
public final class TargetTrainers {
    private TargetTrainers() {
    }

    /** All trainers, sorted by name; two with one name is an error naming both classes. */
    public static List<TargetTrainer> all() {
        Map<String, TargetTrainer> byName = new LinkedHashMap<>();
        for (TargetTrainer t : ServiceLoader.load(TargetTrainer.class, TargetTrainers.class.getClassLoader())) {
            TargetTrainer previous = byName.putIfAbsent(t.name(), t);
            if (previous != null && previous.getClass() != t.getClass()) {
                throw new TrainingException("two target trainers are named '" + t.name() + "': "
                        + previous.getClass().getName() + " and " + t.getClass().getName()
                        + "; remove one of their jars from the class path");
            }
        }
        List<TargetTrainer> list = new ArrayList<>(byName.values());
        list.sort(Comparator.comparing(TargetTrainer::name));
        return list;
    }

    public static List<String> names() {
        return all().stream().map(TargetTrainer::name).toList();
    }

    /** The trainer called {@code name}; unknown → an error listing the available ones. */
    public static TargetTrainer find(String name) {
        for (TargetTrainer t : all()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new TrainingException("unknown target trainer '" + name + "'; available: "
                + String.join(", ", names()));
    }
}
