package dev.autodistill4j.metaclip.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.autodistill4j.metaclip.checkpoint.SafetensorsReader;
import dev.autodistill4j.metaclip.checkpoint.StateDict;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child JVM of {@link LargeTensorLoadingTest}: loads one big F32 tensor into native memory through
 * {@link WeightLoader} with a heap far smaller than the tensor, then checks the written rows.
 * Args: file, rows, cols.
 */
public final class LargeTensorChild {
    private LargeTensorChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        int cols = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        try (StateDict weights = SafetensorsReader.open(file);
             NDManager manager = NDManager.newBaseManager(Device.cpu(), ClipModel.ENGINE)) {
            WeightLoader loader = new WeightLoader(weights, manager, file.toString());
            NDArray embed = loader.load("embed", rows, cols);
            loader.verify();
            long[] check = SparseSafetensors.interestingRows(rows, cols);
            for (long r : check) {
                float[] got = embed.get(r).toFloatArray();
                if (!Arrays.equals(got, SparseSafetensors.row(r, cols))) {
                    throw new AssertionError("row " + r + " differs: " + got[0] + " vs "
                            + SparseSafetensors.row(r, cols)[0]);
                }
            }
            if (embed.get(rows / 2 + 7).toFloatArray()[0] != 0f) {
                throw new AssertionError("an unwritten row is not zero");
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf("checked %d rows of a %d x %d tensor (%d MB) in %.1f s; heap max %d MB, used %d MB%n",
                    check.length, rows, cols, rows * cols * 4 / 1_000_000, (System.nanoTime() - t0) / 1e9,
                    rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
    }
}
