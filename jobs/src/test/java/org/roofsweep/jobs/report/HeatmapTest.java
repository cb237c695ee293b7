package org.roofsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The speedup heatmap's cells: a speedup, or which side alone runs there. */
class HeatmapTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @BeforeAll
    static void headless() {
        // as Report.write sets it: charts are drawn without a display
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * A cell with pairs shows their median whatever else it holds; without pairs, "PI only" where PowerInfer alone
     * fits at some point, "dense only" where a dense system alone does, "none runs" where no system fits at all.
     */
    @Test
    void aCellWithoutPairsSaysWhichSideRuns() {
        assertEquals(1.5, SpeedupHeatmaps.cell(1.5, 3, 2));
        assertEquals(INF, SpeedupHeatmaps.cell(null, 1, 0));
        assertEquals(0, SpeedupHeatmaps.cell(null, 0, 4));
        assertTrue(Double.isNaN(SpeedupHeatmaps.cell(null, 0, 0)));
        assertEquals("1.50×", Heatmap.label(1.5));
        assertEquals("12×", Heatmap.label(12.3));
        assertEquals("PI only", Heatmap.label(INF));
        assertEquals("dense only", Heatmap.label(0));
        assertEquals("none runs", Heatmap.label(Double.NaN));
    }

    /** The interactive chart has a series per kind of cell, so its legend can hide each: here one cell of each. */
    @Test
    void eachKindOfCellIsASeriesOfItsOwn() {
        Map<String, Object> o = Heatmap.option("t", "s", "batch", new String[] {"1", "4"}, "images",
                new String[] {"0", "1"}, new double[][] {{2.0, INF}, {0, Double.NaN}}, new long[][] {{3, 0}, {0, 0}});
        Map<String, Integer> cells = new LinkedHashMap<>();
        for (Object s : (List<?>) o.get("series")) {
            Map<?, ?> series = (Map<?, ?>) s;
            cells.put((String) series.get("name"), ((List<?>) series.get("data")).size());
        }
        assertEquals(Map.of("speedup", 1, "PI only", 1, "dense only", 1, "none runs", 1), cells);
    }

    /** The PNG chart labels its cells the same way. */
    @Test
    void theChartLabelsEachCell() {
        XYPlot plot = (XYPlot) Heatmap.chart("t", "s", "batch", new String[] {"1", "4"}, "images",
                new String[] {"0", "1"}, new double[][] {{2.0, INF}, {0, Double.NaN}}).getPlot();
        List<String> labels = plot.getAnnotations().stream().map(a -> ((XYTextAnnotation) a).getText()).toList();
        assertEquals(List.of("2.00×", "PI only", "dense only", "none runs"), labels);
    }
}
