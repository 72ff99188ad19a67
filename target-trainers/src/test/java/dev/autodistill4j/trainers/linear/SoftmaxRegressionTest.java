package dev.autodistill4j.trainers.linear;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SoftmaxRegressionTest {

    @Test
    void gradientMatchesFiniteDifferences() {
        Random rnd = new Random(3);
        float[][] x = new float[20][4];
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            y[i] = rnd.nextInt(3);
        }
        SoftmaxRegression r = new SoftmaxRegression(3, 4, 0.1, 10);
        double[] theta = new double[15];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = rnd.nextGaussian() * 0.3;
        }
        double[] grad = new double[15];
        r.lossAndGradient(theta, x, y, grad);
        double[] scratch = new double[15];
        for (int k = 0; k < theta.length; k++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += 1e-5;
            minus[k] -= 1e-5;
            double numeric = (r.lossAndGradient(plus, x, y, scratch) - r.lossAndGradient(minus, x, y, scratch)) / 2e-5;
            assertThat(grad[k]).isCloseTo(numeric, within(1e-6));
        }
    }

    @Test
    void separatesLinearlySeparableClassesAndStrongL2ShrinksWeights() {
        Random rnd = new Random(5);
        float[][] x = new float[90][2];
        int[] y = new int[90];
        double[][] centres = {{2, 0}, {-1, 1.7}, {-1, -1.7}};
        for (int i = 0; i < 90; i++) {
            y[i] = i % 3;
            x[i][0] = (float) (centres[y[i]][0] + rnd.nextGaussian() * 0.3);
            x[i][1] = (float) (centres[y[i]][1] + rnd.nextGaussian() * 0.3);
        }
        SoftmaxRegression.Weights weak = new SoftmaxRegression(3, 2, 1e-4, 200).fit(x, y);
        assertThat(LinearProbeTrainer.accuracy(weak, x, y)).isEqualTo(1.0);
        SoftmaxRegression.Weights strong = new SoftmaxRegression(3, 2, 10, 200).fit(x, y);
        assertThat(Math.abs(strong.w()[0][0])).isLessThan(Math.abs(weak.w()[0][0]));
        float[] p = weak.probabilities(x[0]);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, within(1e-5f));
        // deterministic: same fit twice
        assertThat(new SoftmaxRegression(3, 2, 1e-4, 200).fit(x, y).w()).isDeepEqualTo(weak.w());
    }
}
