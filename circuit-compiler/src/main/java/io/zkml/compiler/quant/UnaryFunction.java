package io.zkml.compiler.quant;

import java.util.function.DoubleUnaryOperator;

/**
 * A real function of one variable as {@link SplineFit} approximates it: the function itself (float64), the slopes
 * of its straight asymptotes (NaN where it has none on that side, so the spline must cover the whole input range
 * there), and the policy below the start of its domain.
 *
 * @param name the op ("Sigmoid")
 * @param f the function on its domain
 * @param leftSlope the slope of the asymptote towards −∞, or NaN
 * @param rightSlope the slope of the asymptote towards +∞, or NaN
 * @param clamp what happens below the domain
 */
public record UnaryFunction(String name, DoubleUnaryOperator f, double leftSlope, double rightSlope, Clamp clamp) {

    /** The domain's lower end: inputs below it are taken as it (the declared epsilon/clamp policy). */
    public enum Clamp {
        /** Defined everywhere. */
        NONE,
        /** Inputs below 0 are taken as 0 (Sqrt, fractional powers). */
        ZERO,
        /** Inputs below one quantum 2^−s are taken as 2^−s (Log, Reciprocal, negative powers). */
        QUANTUM
    }

    /** A function with straight asymptotes on both sides and no gap in its domain. */
    public static UnaryFunction tails(String name, DoubleUnaryOperator f, double left, double right) {
        return new UnaryFunction(name, f, left, right, Clamp.NONE);
    }

    /** The lowest input (integer at scale s) the function is evaluated at, or Long.MIN_VALUE without a clamp. */
    long clampInteger(int scale) {
        return switch (clamp) {
            case NONE -> Long.MIN_VALUE;
            case ZERO -> 0;
            case QUANTUM -> 1;
        };
    }

    /** The policy's wording for circuit.json, "" without one. */
    String policy(int scale) {
        return switch (clamp) {
            case NONE -> "";
            case ZERO -> name + ": inputs below 0 are taken as 0";
            case QUANTUM -> name + ": inputs below epsilon = 2^-" + scale + " (one quantum of the input scale) are taken as epsilon";
        };
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /** erf to about 1e−15 (a continued series near 0, the complementary expansion beyond). */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            // Maclaurin series: erf x = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else if (ax > 6.5) {
            r = 1;
        } else {
            // continued fraction for erfc: erfc x = e^(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + …)))))
            double f = ax;
            for (int n = 120; n >= 1; n--) {
                f = ax + (n / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
