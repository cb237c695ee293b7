package org.roofsweep.core.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NeuronActivationTest {
    @Test
    void meanActivationIsOneMinusSparsity() {
        for (double s : new double[] {0.1, 0.5, 0.67, 0.9, 0.99}) {
            for (double hot : new double[] {0.26, 0.43}) {
                NeuronActivation a = NeuronActivation.of(s, hot);
                assertEquals(1 - s, a.mass(0, 1), 1e-9, "s=" + s + " hot=" + hot);
            }
        }
    }

    @Test
    void theHottestFractionCarriesEightyPercentOfActivations() {
        // PowerInfer Fig. 5a: 26% of OPT-30B's neurons carry 80% of its activations
        NeuronActivation a = NeuronActivation.of(0.9, 0.26);
        assertEquals(0.8, a.mass(0, 0.26) / a.mass(0, 1), 1e-6);
        // a less skewed model (43%, LLaMA(ReGLU)-70B) has a smaller exponent at the same sparsity
        assertTrue(NeuronActivation.of(0.9, 0.43).alpha() < a.alpha());
    }

    @Test
    void whenTheSkewCannotBeMetTheLawIsAsSkewedAsItsMeanAllows() {
        // at sparsity 0.1 the top 26% can hold at most 0.26 / 0.9 = 29% of the activations
        NeuronActivation a = NeuronActivation.of(0.1, 0.26);
        assertEquals(0.9, a.mass(0, 1), 1e-6);
        assertEquals(0.26 / 0.9, a.mass(0, 0.26) / a.mass(0, 1), 0.01);
    }

    @Test
    void oneTokenActivatesItsMassAndMoreTokensActivateTheirUnion() {
        NeuronActivation a = NeuronActivation.of(0.9, 0.43);
        assertEquals(a.mass(0.1, 0.7), a.union(0.1, 0.7, 1, 1), 1e-12);
        double prev = 0;
        for (int n : new int[] {1, 2, 4, 16, 64, 256, 1024}) {
            double u = a.union(0, 1, n, 1);
            assertTrue(u > prev && u <= 1 + 1e-9, "union at " + n + " = " + u);
            prev = u;
        }
        // 1024 tokens need almost every neuron: the FFN goes dense
        assertTrue(prev > 0.9, "union of 1024 tokens " + prev);
    }

    @Test
    void unionIsAccurateAgainstAFineRiemannSum() {
        NeuronActivation a = NeuronActivation.of(0.85, 0.3);
        int n = 37;
        double h = 0.2;
        double sum = 0;
        int steps = 2_000_000;
        for (int i = 0; i < steps; i++) {
            double x = h + (1 - h) * (i + 0.5) / steps;
            sum += 1 - Math.pow(1 - a.probability(x), n);
        }
        assertEquals(sum * (1 - h) / steps, a.union(h, 1, n, 1), 2e-4);
    }

    @Test
    void denseActivatesEverything() {
        assertEquals(1.0, NeuronActivation.of(0, 0.26).mass(0, 1), 0);
        assertEquals(0.5, NeuronActivation.DENSE.union(0.5, 1, 8, 1), 1e-12);
    }
}
