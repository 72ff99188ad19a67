package dev.autodistill4j.trainers.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.autodistill4j.trainers.TargetTrainers;

/**
 * The trainers' part of the object graph, beside the runtime's {@code Autodistill4jModule} (which binds the one
 * model registry): one {@link TargetTrainers}, discovered once when first needed or given by an embedding
 * application. The CLI builds its injector from both, and {@code train} gets the trainers and the registry it
 * hands to them (as the request's embedding-model supplier) from it.
 */
public final class TargetTrainersModule extends AbstractModule {
    private final TargetTrainers trainers;

    /** Trainers discovered on the class path (once, when first needed). */
    public TargetTrainersModule() {
        this(null);
    }

    /** Explicit trainers (null: discover). */
    public TargetTrainersModule(TargetTrainers trainers) {
        this.trainers = trainers;
    }

    @Provides
    @Singleton
    TargetTrainers trainers() {
        return trainers != null ? trainers : TargetTrainers.discover();
    }
}
