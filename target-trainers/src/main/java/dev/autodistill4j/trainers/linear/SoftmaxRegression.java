package dev.autodistill4j.trainers.linear;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Multinomial logistic regression fitted by full-batch L-BFGS on the L2-regularised mean cross-entropy.
 *
 * <p>Why plain Java and L-BFGS: the loss is convex, so a deterministic full-batch optimiser reaches the same
 * optimum every run (no seed, no learning rate to tune), and a few thousand 512-d embeddings fit in memory;
 * the only knob left is the L2 strength, which the trainer picks on the valid split. The bias is not
 * regularised. Arithmetic is in double precision, in a fixed order, so results are bit-identical across runs.
 */
public final class SoftmaxRegression {
    private final int classes;
    private final int dim;
    private final double l2;
    private final int maxIterations;

    public SoftmaxRegression(int classes, int dim, double l2, int maxIterations) {
        this.classes = classes;
        this.dim = dim;
        this.l2 = l2;
        this.maxIterations = maxIterations;
    }

    /** Fitted weights: {@code w[c][d]} and {@code b[c]}. */
    public record Weights(float[][] w, float[] b) {
        /** Class probabilities for one (already normalised) feature vector. */
        public float[] probabilities(float[] x) {
            double[] z = new double[b.length];
            for (int c = 0; c < b.length; c++) {
                double s = b[c];
                float[] wc = w[c];
                for (int j = 0; j < x.length; j++) {
                    s += (double) wc[j] * x[j];
                }
                z[c] = s;
            }
            double[] p = softmax(z);
            float[] out = new float[p.length];
            for (int c = 0; c < p.length; c++) {
                out[c] = (float) p[c];
            }
            return out;
        }

        public int predict(float[] x) {
            float[] p = probabilities(x);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    /** Fits on features {@code x[n][dim]} with labels {@code y[n]} in {@code [0, classes)}. */
    public Weights fit(float[][] x, int[] y) {
        int size = classes * dim + classes;
        double[] theta = new double[size];
        double[] grad = new double[size];
        double f = lossAndGradient(theta, x, y, grad);
        int m = 10;
        Deque<double[]> sList = new ArrayDeque<>();
        Deque<double[]> yList = new ArrayDeque<>();
        Deque<Double> rhoList = new ArrayDeque<>();
        double[] newGrad = new double[size];
        for (int iter = 0; iter < maxIterations; iter++) {
            if (norm(grad) < 1e-6) {
                break;
            }
            double[] dir = twoLoop(grad, sList, yList, rhoList);
            double slope = dot(dir, grad);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                sList.clear();
                yList.clear();
                rhoList.clear();
                dir = negate(grad);
                slope = dot(dir, grad);
            }
            double step = iter == 0 ? Math.min(1.0, 1.0 / Math.max(norm(grad), 1e-12)) : 1.0;
            double[] candidate = new double[size];
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < size; i++) {
                    candidate[i] = theta[i] + step * dir[i];
                }
                fNew = lossAndGradient(candidate, x, y, newGrad);
                if (fNew <= f + 1e-4 * step * slope || ++tries > 40) {
                    break;
                }
                step *= 0.5;
            }
            double[] s = new double[size];
            double[] yy = new double[size];
            for (int i = 0; i < size; i++) {
                s[i] = candidate[i] - theta[i];
                yy[i] = newGrad[i] - grad[i];
            }
            double sy = dot(s, yy);
            if (sy > 1e-12) {
                if (sList.size() == m) {
                    sList.removeFirst();
                    yList.removeFirst();
                    rhoList.removeFirst();
                }
                sList.addLast(s);
                yList.addLast(yy);
                rhoList.addLast(1.0 / sy);
            }
            double improvement = f - fNew;
            theta = candidate;
            System.arraycopy(newGrad, 0, grad, 0, size);
            f = fNew;
            if (improvement >= 0 && improvement < 1e-10 * Math.max(1.0, Math.abs(f))) {
                break;
            }
        }
        float[][] w = new float[classes][dim];
        float[] b = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dim; j++) {
                w[c][j] = (float) theta[c * dim + j];
            }
            b[c] = (float) theta[classes * dim + c];
        }
        return new Weights(w, b);
    }

    /** Mean cross-entropy + l2/2·|W|², and its gradient into {@code grad}. */
    double lossAndGradient(double[] theta, float[][] x, int[] y, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int n = x.length;
        int bOff = classes * dim;
        double loss = 0;
        double[] z = new double[classes];
        for (int i = 0; i < n; i++) {
            float[] xi = x[i];
            for (int c = 0; c < classes; c++) {
                double s = theta[bOff + c];
                int off = c * dim;
                for (int j = 0; j < dim; j++) {
                    s += theta[off + j] * xi[j];
                }
                z[c] = s;
            }
            double[] p = softmax(z);
            loss -= Math.log(Math.max(p[y[i]], 1e-300));
            for (int c = 0; c < classes; c++) {
                double g = (p[c] - (c == y[i] ? 1 : 0)) / n;
                int off = c * dim;
                for (int j = 0; j < dim; j++) {
                    grad[off + j] += g * xi[j];
                }
                grad[bOff + c] += g;
            }
        }
        loss /= n;
        double reg = 0;
        for (int k = 0; k < bOff; k++) {
            reg += theta[k] * theta[k];
            grad[k] += l2 * theta[k];
        }
        return loss + 0.5 * l2 * reg;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static double[] twoLoop(double[] grad, Deque<double[]> sList, Deque<double[]> yList,
                                    Deque<Double> rhoList) {
        double[] q = grad.clone();
        int k = sList.size();
        double[][] s = sList.toArray(new double[0][]);
        double[][] yy = yList.toArray(new double[0][]);
        Double[] rho = rhoList.toArray(new Double[0]);
        double[] alpha = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            alpha[i] = rho[i] * dot(s[i], q);
            axpy(-alpha[i], yy[i], q);
        }
        if (k > 0) {
            double gamma = dot(s[k - 1], yy[k - 1]) / dot(yy[k - 1], yy[k - 1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int i = 0; i < k; i++) {
            double beta = rho[i] * dot(yy[i], q);
            axpy(alpha[i] - beta, s[i], q);
        }
        return negate(q);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }
}
