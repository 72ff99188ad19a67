package dev.autodistill4j.spark.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Turns a task's input iterator into batches for the model and back into rows, lazily: one batch of decoded
 * pixels in memory per task, however large the partition.
 */
final class BatchIterator<I, O> implements Iterator<O> {
    private final Iterator<I> input;
    private final int batchSize;
    private final Function<List<I>, List<O>> work;
    private final FailureInjection failure;
    private Iterator<O> current = Collections.emptyIterator();
    private long emitted;

    BatchIterator(Iterator<I> input, int batchSize, Function<List<I>, List<O>> work, FailureInjection failure) {
        this.input = input;
        this.batchSize = batchSize;
        this.work = work;
        this.failure = failure;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (!input.hasNext()) {
                return false;
            }
            failure.check(emitted);
            List<I> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && input.hasNext()) {
                batch.add(input.next());
            }
            current = work.apply(batch).iterator();
        }
        return true;
    }

    @Override
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        emitted++;
        return current.next();
    }
}
