package org.roofsweep.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HostComputeFitTest {
    @Test
    void catalogRoundingDoesNotMakeASecondKindOfDotProduct() {
        // i5-4278U: 0.397 / 0.198 = 2.005; Threadripper PRO 5975WX: 7.38 / 3.69 = 2.0; both AVX2 without VNNI,
        // round(2.005) = round(2.0) = 2: one kind, so their rows keep the base's vector work
        assertEquals(1, HostComputeFit.dotProductKinds(0.397 / 0.198, 7.38 / 3.69, 11.06 / 5.53));
    }

    @Test
    void vnniAndAvx2AreTwoKinds() {
        // Ryzen 9 7950X: 11.68 / 2.92 = 4 (VPDPBUSD); Threadripper PRO 5975WX: 2; no INT8 figure: 1
        assertEquals(2, HostComputeFit.dotProductKinds(11.68 / 2.92, 7.38 / 3.69));
        assertEquals(3, HostComputeFit.dotProductKinds(4, 2, 1));
    }
}
