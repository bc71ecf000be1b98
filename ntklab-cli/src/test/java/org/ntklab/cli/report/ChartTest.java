package org.ntklab.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    @TempDir
    Path tmp;

    /** Distinct colours in a PNG: a blank or single-colour image has one or two. */
    static int distinctColours(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static Chart powerLaw() {
        double[] x = {1, 2, 4, 8, 16, 32};
        double[] y = new double[x.length];
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3 * Math.pow(x[i], -0.5);
            z[i] = 2 * x[i];
        }
        return Chart.line("Power laws", "width m", "distance").logX().logY().markers()
                .series("m^-1/2", x, y).series("2 m", x, z);
    }

    @Test
    void writesPngAndSvgThatAreNotBlank() throws IOException {
        Chart.Figure figure = powerLaw().write(tmp.resolve("laws"));
        assertEquals(tmp.resolve("laws.png"), figure.png());
        assertEquals(tmp.resolve("laws.svg"), figure.svg());
        BufferedImage image = ImageIO.read(figure.png().toFile());
        assertEquals(Chart.DEFAULT_WIDTH, image.getWidth());
        assertEquals(Chart.DEFAULT_HEIGHT, image.getHeight());
        assertTrue(distinctColours(figure.png()) > 30, "a chart with text, grid and two coloured series");
        String svg = Files.readString(figure.svg());
        assertTrue(svg.contains("<svg") && svg.contains("Power laws"), "an SVG with the title as text");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // guards a hang: the unbounded axis placed ticks until the heap ran out
    void aLogAxisReachingTheLargestDoublesIsDrawnWithFiniteTicks() throws IOException {
        // a cross-entropy run to t-max = 1e300 whose loss falls to 1e-300 (the report of such a run)
        double[] t = {1e-2, 1, 1e100, 1e200, 1e300};
        double[] loss = {7, 1, 1e-100, 1e-200, 1e-300};
        Chart.Figure figure = Chart.line("To t-max", "flow time t", "loss").logX().logY()
                .series("loss", t, loss).write(tmp.resolve("far"));
        String svg = Files.readString(figure.svg());
        assertTrue(svg.contains("1e300") || svg.contains("1e280") || svg.contains("1e250"),
                "the far decades are labelled");
        assertTrue(svg.length() < 1_000_000, "a few hundred ticks at most, not one per power of ten to 2^31");
    }

    @Test
    void outputIsDeterministic() throws IOException {
        Chart.Figure first = powerLaw().write(tmp.resolve("a"));
        Chart.Figure second = powerLaw().write(tmp.resolve("b"));
        assertArrayEquals(Files.readAllBytes(first.png()), Files.readAllBytes(second.png()));
        assertEquals(Files.readString(first.svg()), Files.readString(second.svg()));
    }

    @Test
    void fitRecoversAPowerLaw() {
        double[] x = {10, 100, 1000, 10000};
        double[] y = {0.3, 0.03, 0.003, 0.0003};
        Chart.Fit fit = Chart.Fit.leastSquares(x, y, true, true);
        assertEquals(-1.0, fit.slope(), 1e-12);
        assertEquals(0.03, fit.at(100), 1e-12);
        assertEquals(4, fit.points());
    }

    @Test
    void scatterWithFittedLineAndPointsALogAxisCannotShow() throws IOException {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {0, 2.1, 2.9, 4.2, 5.0}; // y = 0 cannot be drawn on a log axis
        Chart chart = Chart.scatter("Scatter", "x", "y").logY().series("points", x, y).fittedLine("points");
        String svg = Files.readString(chart.write(tmp.resolve("scatter")).svg());
        assertTrue(svg.contains("1 point not shown"), "says what it left out");
        assertTrue(svg.contains("points fit: slope"), "the legend gives the slope");
        assertTrue(distinctColours(tmp.resolve("scatter.png")) > 30);
    }

    @Test
    void rejectsMismatchedAndDuplicateSeries() {
        assertThrows(IllegalArgumentException.class,
                () -> Chart.line("t", "x", "y").series("a", new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> Chart.line("t", "x", "y").series("a", new double[2], new double[2]).series("a", new double[1], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> Chart.line("t", "x", "y").fittedLine("none"));
    }
}
