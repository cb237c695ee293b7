package org.roofsweep.core;

import org.roofsweep.core.systems.*;

public class ScratchMain {
    public static void main(String[] a) {
        var c = TestCatalogs.CATALOGS.hardware().calibration();
        var w = Workload.text(TestCatalogs.model("prosparse_llama2_13b"), TestCatalogs.platform("rtx3060_12gb+i7_12700k"), 4, 128, 128);
        var s = new PowerInfer();
        double sink = 0;
        long t0 = System.nanoTime();
        int n = 2_000_000;
        for (int i = 0; i < n; i++) sink += s.evaluate(w, c).e2eSeconds();
        System.out.printf("%.0f ns/eval (%f)%n", (System.nanoTime() - t0) / (double) n, sink);
    }
}
