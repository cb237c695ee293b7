package org.roofsweep.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;
import org.roofsweep.core.sweep.SweepPoint;

/**
 * The JIT's sample of a grid reaches every value of every axis within a few dozen points, where the grid's own order
 * (what a task evaluates) stays on one platform and model for hundreds.
 */
class GridSampleTest {
    private static final SweepPlan SMALL = SweepConfigFile.load(Path.of("configs/sweeps/small.json"),
            Catalogs.load(Path.of("configs")), Long.MAX_VALUE);
    /** The small sweep's axes with more than one value, each read from a point. */
    private static final List<Function<SweepPoint, Object>> AXES = List.of(SweepPoint::platform, SweepPoint::model,
            SweepPoint::system, SweepPoint::weightFormat, SweepPoint::batch, SweepPoint::promptTokens,
            SweepPoint::sparsitySetting, SweepPoint::images);

    @Test
    void theFirst48SampledPointsHoldEveryValueOfEveryAxis() {
        // 48 of the small sweep's 2,304 points (3 platforms x 4 models x 4 systems x 2 formats x 3 batches x 2
        // prompts x 2 sparsities x 2 image counts); its first 48 ids in order are all one platform's and one model's
        for (Function<SweepPoint, Object> axis : AXES) {
            Set<Object> all = new HashSet<>();
            Set<Object> sampled = new HashSet<>();
            for (long id = 0; id < SMALL.size(); id++) {
                all.add(axis.apply(SMALL.point(id)));
            }
            for (int k = 1; k <= 48; k++) {
                sampled.add(axis.apply(SMALL.point(GridSample.id(SMALL.size(), k))));
            }
            assertEquals(all, sampled);
        }
        Set<String> platformsAndModels = new HashSet<>();
        for (long id = 0; id < 48; id++) {
            platformsAndModels.add(SMALL.point(id).platform() + " " + SMALL.point(id).model());
        }
        assertEquals(1, platformsAndModels.size(), platformsAndModels.toString());
    }

    @Test
    void sampledIdsAreIdsOfTheGridAndSpreadOverIt() {
        int[] tenths = new int[10];
        for (int k = 1; k <= GridSample.POINTS; k++) {
            long id = GridSample.id(5_080_320, k);
            assertTrue(id >= 0 && id < 5_080_320, "id " + id);
            tenths[(int) (id / 508_032)]++;
        }
        for (int t : tenths) { // 409.6 expected in each tenth; 4 standard deviations (19.2 each) either side
            assertTrue(t > 332 && t < 487, Arrays.toString(tenths));
        }
        assertEquals(0, GridSample.id(1, 7), "a grid of one point");
    }

    @Test
    void theWarmUpsIdsAreTheSampleOfTheSliceInTheGridsOrder() {
        long[] ids = GridSample.ids(200_000, 300_000, 100);
        long[] sample = new long[100];
        for (int k = 1; k <= 100; k++) {
            sample[k - 1] = 200_000 + GridSample.id(100_000, k);
        }
        Arrays.sort(sample);
        assertArrayEquals(sample, ids);
        assertTrue(ids[0] >= 200_000 && ids[99] < 300_000, ids[0] + " .. " + ids[99]);
        assertArrayEquals(new long[] {7, 7, 7}, GridSample.ids(7, 8, 3), "a slice of one point");
    }
}
