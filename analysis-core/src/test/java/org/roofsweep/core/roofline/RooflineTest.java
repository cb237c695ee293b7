package org.roofsweep.core.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.ops.Pass;
import org.roofsweep.core.ops.Transformer;

class RooflineTest {
    @Test
    void opTimeIsTheLargerOfComputeAndMemoryTime() {
        ExecutionUnit u = new ExecutionUnit("u", 100e12, 1e12, 0);
        // 1e12 FLOPs / 100e12 = 10 ms; 1e9 bytes / 1e12 = 1 ms -> compute-bound, 10 ms
        assertEquals(0.010, u.seconds(new Op("a", null, 1e12, 1e9, 0, 0, 0)), 1e-12);
        // 1e9 FLOPs -> 10 us; 1e10 bytes -> 10 ms -> memory-bound
        assertEquals(0.010, u.seconds(new Op("b", null, 1e9, 1e10, 0, 0, 0)), 1e-12);
        assertEquals(100.0, u.ridgeIntensity(), 1e-12);
    }

    @Test
    void closedFormSumEqualsTheStepByStepSum() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 2000; trial++) {
            double c0 = rnd.nextDouble();
            double c1 = (rnd.nextDouble() - 0.3) * 0.01;
            double m0 = rnd.nextDouble();
            double m1 = (rnd.nextDouble() - 0.3) * 0.01;
            int n = rnd.nextInt(500);
            double loop = 0;
            for (int s = 0; s < n; s++) {
                loop += Math.max(c0 + c1 * s, m0 + m1 * s);
            }
            assertEquals(loop, Roofline.sumOfMax(c0, c1, m0, m1, n), 1e-9 * Math.max(1, Math.abs(loop)));
        }
    }

    @Test
    void decodeSumOverARealGraphEqualsTheLoop() {
        var model = TestCatalogs.model("llama2_70b");
        ExecutionUnit u = new ExecutionUnit("u", 50e12, 500e9, 0);
        int prompt = 300;
        int steps = 700;
        double loop = 0;
        for (int s = 0; s < steps; s++) {
            loop += Roofline.seconds(Transformer.decoderLayer(model, Precision.FP16, Pass.decode(8, prompt + s), false), u);
        }
        double closed = Roofline.decodeSeconds(
                Transformer.decoderLayer(model, Precision.FP16, Pass.decode(8, prompt), false),
                Transformer.decoderLayer(model, Precision.FP16, Pass.decode(8, prompt + 1), false), u, steps);
        assertEquals(loop, closed, loop * 1e-9);
    }
}
