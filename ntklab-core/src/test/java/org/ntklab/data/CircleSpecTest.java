package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CircleSpecTest {

    @Test
    void defaultIsThePapersSixPoints() {
        DataSplit split = DataSpec.parse("circle:n=6").load(0);
        assertNull(split.test());
        Dataset d = split.train();
        assertEquals(6, d.n());
        assertEquals(2, d.dim());
        for (int i = 0; i < 6; i++) {
            double t = i * Math.PI / 3;
            assertEquals(Math.cos(t), d.x().get(i, 0), 1e-15, "x_" + i);
            assertEquals(Math.sin(t), d.x().get(i, 1), 1e-15, "x_" + i);
        }
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, d.labels());
        assertEquals(2, d.numClasses());
        assertEquals(CircleSpec.paper().toString(), DataSpec.parse("circle").toString());
    }

    @Test
    void equallySpacedPointsDoNotDependOnTheSeed() {
        assertArrayEquals(DataSpec.parse("circle:n=8").load(1).train().x().data(),
                DataSpec.parse("circle:n=8").load(2).train().x().data());
    }

    @Test
    void sectorsLabelHalvesAndQuadrants() {
        // sector 0 holds angles within pi/2 of 0, sector 1 those within pi/2 of pi (no point on a boundary)
        Dataset halves = DataSpec.parse("circle:n=10,sectors=2").load(0).train();
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, 1, 0, 0}, halves.labels());
        // quadrants centred on the axes: 0 and 30 degrees in sector 0, 60..120 in sector 1, ...
        Dataset quadrants = DataSpec.parse("circle:n=12,sectors=4").load(0).train();
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0}, quadrants.labels());
    }

    @Test
    void randomAnglesAreSeededAndOnTheCircle() {
        Dataset a = DataSpec.parse("circle:n=50,random=true,sectors=4").load(7).train();
        Dataset b = DataSpec.parse("circle:n=50,random=true,sectors=4").load(7).train();
        Dataset c = DataSpec.parse("circle:n=50,random=true,sectors=4").load(8).train();
        assertArrayEquals(a.x().data(), b.x().data());
        assertArrayEquals(a.labels(), b.labels());
        assertTrue(a.x().distance(c.x()) > 0.1);
        CircleSpec spec = (CircleSpec) DataSpec.parse("circle:n=50,random=true,sectors=4");
        for (int i = 0; i < a.n(); i++) {
            double x = a.x().get(i, 0);
            double y = a.x().get(i, 1);
            assertEquals(1.0, Math.hypot(x, y), 1e-15);
            assertEquals(spec.label(Math.atan2(y, x)), a.labels()[i], "sample " + i);
        }
    }

    @Test
    void nearPutsTheFirstTwoPointsAtTheRequestedDistance() {
        for (double distance : new double[] {1.0, 1e-2, 1e-6}) {
            Dataset d = DataSpec.parse("circle:n=6,near=" + distance).load(0).train();
            double dx = d.x().get(0, 0) - d.x().get(1, 0);
            double dy = d.x().get(0, 1) - d.x().get(1, 1);
            assertEquals(distance, Math.hypot(dx, dy), distance * 1e-9);
            assertEquals(1.0, Math.hypot(d.x().get(1, 0), d.x().get(1, 1)), 1e-15);
            // the other points are the paper's
            assertEquals(Math.cos(2 * Math.PI / 3), d.x().get(2, 0), 1e-15);
        }
    }

    @Test
    void testSplitHasExtraRandomPointsAndLeavesTrainAlone() {
        DataSplit split = DataSpec.parse("circle:n=6,test=20").load(3);
        assertEquals(20, split.test().n());
        assertArrayEquals(DataSpec.parse("circle:n=6").load(3).train().x().data(), split.train().x().data());
        CircleSpec spec = (CircleSpec) DataSpec.parse("circle:n=6");
        for (int i = 0; i < 20; i++) {
            double angle = Math.atan2(split.test().x().get(i, 1), split.test().x().get(i, 0));
            assertEquals(spec.label(angle), split.test().labels()[i]);
        }
    }

    @Test
    void rejectsOddSectorsAndBadDistances() {
        DataSpecException odd = assertThrows(DataSpecException.class, () -> DataSpec.parse("circle:n=6,sectors=3"));
        assertTrue(odd.getMessage().contains("sectors must be even"), odd.getMessage());
        DataSpecException oddDefault = assertThrows(DataSpecException.class, () -> DataSpec.parse("circle:n=5"));
        assertTrue(oddDefault.getMessage().contains("sectors defaults to n"), oddDefault.getMessage());
        assertThrows(DataSpecException.class, () -> DataSpec.parse("circle:near=0"));
        assertThrows(DataSpecException.class, () -> DataSpec.parse("circle:near=2.5"));
        assertThrows(DataSpecException.class, () -> DataSpec.parse("circle:n=1,sectors=2,near=0.1"));
    }
}
