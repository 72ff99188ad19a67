package dev.autodistill4j.trainers.cnn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Inverted dropout whose masks come from a generator the trainer seeds, instead of PyTorch's process-wide one:
 * DJL's {@code Dropout} draws from the engine's global generator, which a trainer could only make reproducible
 * with {@code Engine.setRandomSeed} — changing the seed for every other caller in the JVM. Masks are drawn in
 * Java, one float per activation (the layer sits after global pooling, so that is batch × channels).
 *
 * <p>Saved like DJL's {@code Dropout} (same version byte and metadata), so weight files written with either
 * load into a network built with the other.
 */
final class SeededDropout extends AbstractBlock {
    private static final byte VERSION = 2; // DJL Dropout's

    private final float rate;
    private final SplittableRandom random;

    SeededDropout(float rate, SplittableRandom random) {
        super(VERSION);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate " + rate + " is not in [0, 1)");
        }
        this.rate = rate;
        this.random = random;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0) {
            return new NDList(x);
        }
        float keep = 1f / (1f - rate);
        float[] mask = new float[Math.toIntExact(x.size())];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : keep;
        }
        NDArray m = x.getManager().create(mask, x.getShape()).toType(x.getDataType(), false);
        return new NDList(x.mul(m));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == version) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
    }

    @Override
    public String toString() {
        return "SeededDropout(rate=" + rate + ")";
    }
}
