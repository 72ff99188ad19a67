package dev.autodistill4j.bench.simd;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.bench.Machine;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.preprocess.PillowBicubic;
import dev.autodistill4j.metaclip.preprocess.VectorApi;
import dev.autodistill4j.search.LuceneVectorization;
import dev.autodistill4j.search.cluster.NearestCentre;
import dev.autodistill4j.search.cluster.Silhouette;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * {@code bench-simd}: each hot loop that has a Vector API version, timed against its scalar reference in the same
 * run on the same data — the ratio is the number to read, the milliseconds depend on the machine and its load.
 * The loops: Pillow's bicubic resize to CLIP's 224×224 crop from a phone photo (4032×3024), a 1024×768 and a
 * 500×375 image; ToTensor/Normalize of a 224×224 crop; k-means assignment (2,000 512-d unit vectors, 50 centres);
 * the silhouette's cosine distances (300 × 300 512-d vectors). Each is warmed up until the JIT has compiled both
 * versions, then measured in alternating rounds (median of the rounds). {@code identical} says whether the two
 * gave the same result (bit for bit for the preprocessing; same assignments / distances within 1e-5 otherwise).
 */
public final class SimdBench {
    /** @param seconds time per loop and version (split into rounds); warm-up takes about as long again */
    public record Config(double seconds) {
    }

    /**
     * One loop: milliseconds per call of the scalar reference and of the vector version, their ratio, whether
     * they agreed, and which vector code ran (ours on the Vector API, or Lucene's {@code VectorUtil} implementation).
     */
    public record Row(String loop, String shape, double scalarMs, double vectorMs, double ratio, boolean identical,
                      String vectorCode, String cpu) {
    }

    private SimdBench() {
    }

    /**
     * Measures every loop; fails (one line, naming the flag) when the Vector API module is absent: there is nothing
     * to compare then.
     */
    public static void run(Config config, Consumer<Row> out) {
        if (!VectorApi.available()) {
            throw new Autodistill4jException("bench-simd compares the Vector API loops with the scalar ones: start "
                    + "the JVM with --add-modules jdk.incubator.vector (the ./autodistill4j launcher does)");
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int[] size : new int[][] {{4032, 3024}, {1024, 768}, {500, 375}}) {
            out.accept(resize(size[0], size[1], random, config.seconds()));
        }
        out.accept(normalize(random, config.seconds()));
        out.accept(kMeansAssignment(random, config.seconds()));
        out.accept(cosineDistances(random, config.seconds()));
    }

    private static Row resize(int w, int h, SplittableRandom random, double seconds) {
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(1 << 24);
        }
        int outW = (int) ((double) 224 * w / h);
        int left = (int) Math.rint((outW - 224) / 2.0);
        int[][] results = new int[2][];
        double[] ms = time(seconds, () -> {
            results[0] = PillowBicubic.resizeRegion(rgb, w, h, outW, 224, left, 0, 224, 224, false);
            return results[0][0];
        }, () -> {
            results[1] = PillowBicubic.resizeRegion(rgb, w, h, outW, 224, left, 0, 224, 224, true);
            return results[1][0];
        });
        return row("pillow bicubic resize + crop", w + "x" + h + " -> " + outW + "x224, crop 224x224", ms,
                Arrays.equals(results[0], results[1]), "BicubicTapsVector");
    }

    private static Row normalize(SplittableRandom random, double seconds) {
        int[] crop = new int[224 * 224];
        for (int i = 0; i < crop.length; i++) {
            crop[i] = random.nextInt(1 << 24);
        }
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        float[] scalar = new float[3 * crop.length];
        float[] vector = new float[3 * crop.length];
        double[] ms = time(seconds, () -> {
            ClipImagePreprocessor.normalizeInto(crop, crop.length, scalar, 0, mean, std, false);
            return Float.floatToRawIntBits(scalar[0]);
        }, () -> {
            ClipImagePreprocessor.normalizeInto(crop, crop.length, vector, 0, mean, std, true);
            return Float.floatToRawIntBits(vector[0]);
        });
        return row("ToTensor + Normalize", "224x224x3", ms, Arrays.equals(scalar, vector), "NormalizeVector");
    }

    private static Row kMeansAssignment(SplittableRandom random, double seconds) {
        float[][] points = unitVectors(2000, 512, random);
        double[][] centres = new double[50][];
        for (int c = 0; c < centres.length; c++) {
            float[] p = points[random.nextInt(points.length)];
            centres[c] = new double[p.length];
            for (int j = 0; j < p.length; j++) {
                centres[c][j] = p[j] + 0.01 * random.nextDouble();
            }
        }
        NearestCentre nearest = new NearestCentre(centres);
        int[] scalar = new int[points.length];
        int[] vector = new int[points.length];
        double[] ms = time(seconds, () -> {
            for (int i = 0; i < points.length; i++) {
                scalar[i] = NearestCentre.reference(points[i], centres);
            }
            return scalar[0];
        }, () -> {
            for (int i = 0; i < points.length; i++) {
                vector[i] = nearest.of(points[i]);
            }
            return vector[0];
        });
        return row("k-means assignment", "2000 x 50 centres x 512-d", ms, Arrays.equals(scalar, vector),
                "Lucene " + LuceneVectorization.implementation());
    }

    private static Row cosineDistances(SplittableRandom random, double seconds) {
        float[][] points = unitVectors(300, 512, random);
        double[] scalar = new double[points.length * points.length];
        double[] vector = new double[scalar.length];
        double[] ms = time(seconds, () -> {
            fill(points, scalar, false);
            return (int) scalar[1];
        }, () -> {
            fill(points, vector, true);
            return (int) vector[1];
        });
        double maxDiff = 0;
        for (int i = 0; i < scalar.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(scalar[i] - vector[i]));
        }
        return row("silhouette cosine distances", "300 x 300 x 512-d", ms, maxDiff <= 1e-5,
                "Lucene " + LuceneVectorization.implementation());
    }

    private static void fill(float[][] points, double[] out, boolean vector) {
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < points.length; j++) {
                out[i * points.length + j] = vector ? Silhouette.distance(points[i], points[j])
                        : Silhouette.distanceReference(points[i], points[j]);
            }
        }
    }

    private static float[][] unitVectors(int n, int dim, SplittableRandom random) {
        float[][] out = new float[n][dim];
        for (float[] v : out) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                v[j] = (float) (random.nextDouble() - 0.5);
                norm += (double) v[j] * v[j];
            }
            for (int j = 0; j < dim; j++) {
                v[j] = (float) (v[j] / Math.sqrt(norm));
            }
        }
        return out;
    }

    private static Row row(String loop, String shape, double[] ms, boolean identical, String code) {
        return new Row(loop, shape, ms[0], ms[1], ms[0] / ms[1], identical, code, Machine.cpuName());
    }

    /**
     * Median milliseconds per call of {@code scalar} and {@code vector}: a warm-up of each (until the JIT has had
     * {@code seconds} with it), then 5 alternating rounds of {@code seconds / 5} each.
     */
    private static double[] time(double seconds, IntSupplier scalar, IntSupplier vector) {
        int sink = run(scalar, seconds) + run(vector, seconds);
        List<Double> s = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            int calls = 0;
            while (System.nanoTime() - t0 < seconds / 5 * 1e9 || calls == 0) {
                sink += scalar.getAsInt();
                calls++;
            }
            s.add((System.nanoTime() - t0) / 1e6 / calls);
            t0 = System.nanoTime();
            calls = 0;
            while (System.nanoTime() - t0 < seconds / 5 * 1e9 || calls == 0) {
                sink += vector.getAsInt();
                calls++;
            }
            v.add((System.nanoTime() - t0) / 1e6 / calls);
        }
        if (sink == 42) {
            Thread.onSpinWait(); // keeps the results alive for the JIT
        }
        return new double[] {median(s), median(v)};
    }

    private static int run(IntSupplier f, double seconds) {
        int sink = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < seconds * 1e9) {
            sink += f.getAsInt();
        }
        return sink;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
