package dev.autodistill4j.trainers.cnn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The small network: per stage a 3×3 conv → batch norm → ReLU (optionally followed by a ResNet basic block),
 * 2×2 max-pooling between stages, then global average pooling, dropout and a linear classifier.
 *
 * <p>Why this shape: batch norm and global average pooling make a from-scratch net train quickly and stably on
 * a few hundred images per class; it is all standard DJL blocks, so weights save/load with DJL's format.
 */
public final class ConvNet {
    private ConvNet() {
    }

    /** The network for inference (DJL's dropout, inactive outside training). */
    public static Block build(int classes, int[] widths, boolean residual, double dropout) {
        return build(classes, widths, residual, dropout, null);
    }

    /**
     * The network; with {@code dropoutRandom} its dropout masks come from that generator ({@link SeededDropout})
     * so training is reproducible without reseeding the engine.
     */
    public static Block build(int classes, int[] widths, boolean residual, double dropout,
                              SplittableRandom dropoutRandom) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < widths.length; i++) {
            net.add(convBnRelu(widths[i]));
            if (residual && i > 0) {
                net.add(basicResidual(widths[i]));
            }
            if (i < widths.length - 1) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Blocks.batchFlattenBlock());
        if (dropout > 0) {
            net.add(dropoutRandom == null ? Dropout.builder().optRate((float) dropout).build()
                    : new SeededDropout((float) dropout, dropoutRandom));
        }
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    private static SequentialBlock convBnRelu(int channels) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu);
    }

    private static Block basicResidual(int channels) {
        SequentialBlock branch = new SequentialBlock()
                .add(convBnRelu(channels))
                .add(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .optBias(false).build())
                .add(BatchNorm.builder().build());
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow()
                        .add(list.get(1).singletonOrThrow())), List.of(branch, Blocks.identityBlock())))
                .add(Activation::relu);
    }
}
