package org.ntklab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelWindowAverageTest {
    private static KernelWindowAverage.Row row(double t, double d) {
        return new KernelWindowAverage.Row(t, 0, d, d / 2, 1.0);
    }

    @Test
    void crossingIsLinearInLogTime() {
        // D rises from 0.5 at t = e^2 to 1.5 at t = e^4: level 1 is crossed half-way, at ln t = 3
        List<KernelWindowAverage.Row> rows = List.of(row(Math.exp(1), 0.2), row(Math.exp(2), 0.5), row(Math.exp(4), 1.5));
        assertEquals(3.0, KernelWindowAverage.logCrossing(rows, KernelWindowAverage.Row::dInf, 1.0), 1e-12);
        // the averaged column (D / 2 here: 0.1, 0.25, 0.75) reaches 0.175 half-way from ln t = 1 to 2
        assertEquals(1.5, KernelWindowAverage.logCrossing(rows, KernelWindowAverage.Row::dInfAvg, 0.175), 1e-12);
        assertTrue(Double.isNaN(KernelWindowAverage.logCrossing(rows, KernelWindowAverage.Row::dInf, 2.0)));
    }

    @Test
    void comparisonReportsTheWorstRelativeDifference() {
        List<KernelWindowAverage.Row> a = List.of(row(1, 0.1), row(10, 0.6), row(100, 1.2));
        List<KernelWindowAverage.Row> b = List.of(row(1, 0.1), row(10, 0.5), row(100, 1.2));
        String report = KernelWindowAverage.compare(1, a, b);
        // 0.6 against 0.5 is 20 %, at an observation where the tighter run's D_inf is 0.5
        assertTrue(report.contains("D_inf worst 20.00 % (20.00 % where D_inf >= 0.5)"), report);
        assertTrue(report.contains("max|f| worst 0.00 %"), report);
    }
}
