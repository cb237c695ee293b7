package org.roofsweep.core.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** The pieces a planner prices hot sets with: the union probability, the hot mass and the union tables. */
class UnionTableTest {
    private static final NeuronActivation[] LAWS = {NeuronActivation.of(0.9, 0.26), NeuronActivation.of(0.5, 0.43),
        NeuronActivation.of(0.97, 0.1), NeuronActivation.withExponent(0.8, 1.0), NeuronActivation.DENSE};

    /** 1 - (1 - p)^n to 60 digits. */
    private static double exactUnion(double p, int n) {
        MathContext mc = new MathContext(60);
        return BigDecimal.ONE.subtract(BigDecimal.ONE.subtract(new BigDecimal(p), mc).pow(n, mc), mc).doubleValue();
    }

    @Test
    void unionProbabilityByRepeatedSquaringIsExactToAFewPartsInATrillion() {
        for (int n : new int[] {1, 2, 3, 16, 17, 100, 128, 704, 4096}) {
            for (double p = 1e-4; p <= 1; p *= 1.7) {
                double exact = exactUnion(p, n);
                assertEquals(exact, UnionProbability.of(p, n), 3e-12 * exact, "p=" + p + " n=" + n);
            }
        }
        // below the squaring range, and for fractional token counts, the expm1/log1p form
        assertEquals(-Math.expm1(64 * Math.log1p(-1e-6)), UnionProbability.of(1e-6, 64), 0);
        assertEquals(-Math.expm1(2.5 * Math.log1p(-0.3)), UnionProbability.of(0.3, 2.5), 0);
        assertEquals(1.0, UnionProbability.of(1, 16), 0);
    }

    @Test
    void hotMassIsTheMassOfTheHottestNeurons() {
        for (NeuronActivation a : LAWS) {
            HotMass m = new HotMass(a);
            for (double h = 0; h <= 1; h += 1.0 / 512) {
                assertEquals(a.mass(0, h), m.upTo(h), 0, a + " h=" + h);
                assertEquals(a.mass(0, h), m.upTo(h, Math.log(h)), 1e-14 * a.mass(0, h), a + " h=" + h);
            }
        }
    }

    @Test
    void lookupsGivenTheLogarithmAgreeWithPlainOnes() {
        for (NeuronActivation a : LAWS) {
            for (double n : new double[] {1, 4, 16, 100}) {
                UnionTable t = new UnionTable(a, n, 0.25);
                assertEquals(t.upTo(1), t.total(), 0);
                for (double h = 1.0 / 1024; h <= 1; h += 1.0 / 1024) {
                    assertEquals(t.upTo(h), t.upTo(h, Math.log(h)), 0, a + " n=" + n + " h=" + h);
                    assertEquals(t.from(h), t.from(h, Math.log(h)), 0, a + " n=" + n + " h=" + h);
                }
            }
        }
    }

    @Test
    void theUnionFallsByNoMoreThanItsMaxDrop() {
        for (NeuronActivation a : LAWS) {
            for (double n : new double[] {2, 8, 16, 100}) {
                for (double routed : new double[] {1, 0.25}) {
                    UnionTable t = new UnionTable(a, n, routed);
                    assertTrue(t.maxDrop() >= 0 && t.maxDrop() < 1e-3 * t.total(), "drop " + t.maxDrop());
                    double highest = 0;
                    for (int i = 0; i <= 100_000; i++) {
                        double u = t.upTo(i / 100_000.0);
                        assertTrue(u >= highest - t.maxDrop() - 1e-15, a + " n=" + n + " at " + i);
                        highest = Math.max(highest, u);
                    }
                }
            }
        }
    }
}
