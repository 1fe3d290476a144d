package com.menuca.promo.infra.demo;

import java.util.Random;

/**
 * A Zipf-like pick over restaurants 1..n: a few hot restaurants take most of the traffic, most are
 * quiet, as on a real ordering platform. Deterministic for a given {@link Random}.
 */
final class Hotness {
    private final double[] cumulative;

    Hotness(int restaurants, double exponent) {
        cumulative = new double[restaurants];
        double total = 0;
        for (int rank = 1; rank <= restaurants; rank++) {
            total += 1.0 / Math.pow(rank, exponent);
            cumulative[rank - 1] = total;
        }
        for (int i = 0; i < restaurants; i++) {
            cumulative[i] /= total;
        }
    }

    /** A restaurant id from 1 to n, rank 1 the hottest. */
    long pick(Random random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low + 1L;
    }
}
