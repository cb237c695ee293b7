package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostDecodeFitTest {
    @Test
    void theThreeNormalEquationsRecoverAnExactFit() {
        // rows {x0, x1, x2, y} made with a = 1.25, b = 2, c = 3: y = 1.25 x0 + 2 x1 + 3 x2
        // (1, 0, 0) -> 1.25; (0, 1, 0) -> 2; (0, 0, 1) -> 3; (1, 1, 1) -> 6.25; (2, 1, 0) -> 4.5
        double[] abc = HostDecodeFit.solve3(List.of(new double[] {1, 0, 0, 1.25}, new double[] {0, 1, 0, 2},
                new double[] {0, 0, 1, 3}, new double[] {1, 1, 1, 6.25}, new double[] {2, 1, 0, 4.5}));
        assertArrayEquals(new double[] {1.25, 2, 3}, abc, 1e-12);
    }

    @Test
    void rowsWithoutExpertsLeaveTheEquationsSingular() {
        // x2 = 0 on every row (dense models only): no expert cost can be told apart
        assertNull(HostDecodeFit.solve3(List.of(new double[] {1, 0, 0, 1.25}, new double[] {0, 1, 0, 2},
                new double[] {1, 1, 0, 3.25})));
    }
}
