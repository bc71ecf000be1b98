package org.ntklab.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.ntklab.io.AtomicFiles;
import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.LinearFit;

/**
 * A line or scatter chart of named series, written as PNG and SVG side by side:
 *
 * <pre>
 * Chart.line("Spectrum", "index k", "eigenvalue").logY().markers()
 *      .series("analytic", k, a).series("empirical", k, e)
 *      .write(dir.resolve("spectrum"));            // spectrum.png and spectrum.svg
 *
 * Chart.scatter("Distance against width", "width m", "D").logX().logY()
 *      .series("runs", m, d).fittedLine("runs")    // least-squares line in the plotted coordinates
 *      .write(dir.resolve("distance"));
 * </pre>
 *
 * Output is deterministic: fixed size, fonts, colours, locale and SVG ids. Points that a log axis
 * cannot show (zero, negative) and non-finite points are left out, and a note under the title
 * says how many.
 */
public final class Chart {
    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 560;

    /** Okabe and Ito's palette: distinguishable with the common colour-vision deficiencies. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    private static final String FONT = "SansSerif";

    private enum Style { LINE, SCATTER }

    /**
     * @param fittedTo for a fitted line, the name of the series it was fitted to; null for data
     * @param colourOf for a dashed companion series, the series whose colour it takes; null otherwise
     */
    private record Series(String name, double[] x, double[] y, String fittedTo, String colourOf) {
        boolean fit() {
            return fittedTo != null;
        }

        boolean companion() {
            return colourOf != null;
        }
    }

    /** The files one chart was written to. */
    public record Figure(Path png, Path svg) {
    }

    private final Style style;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final Map<String, float[]> patterns = new HashMap<>();
    private boolean logX;
    private boolean logY;
    private boolean markers;
    private boolean integerX;
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;

    private Chart(Style style, String title, String xLabel, String yLabel) {
        this.style = style;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Series drawn as lines (add {@link #markers()} to also mark the points). */
    public static Chart line(String title, String xLabel, String yLabel) {
        return new Chart(Style.LINE, title, xLabel, yLabel);
    }

    /** Series drawn as points only. */
    public static Chart scatter(String title, String xLabel, String yLabel) {
        return new Chart(Style.SCATTER, title, xLabel, yLabel);
    }

    public Chart logX() {
        logX = true;
        return this;
    }

    public Chart logY() {
        logY = true;
        return this;
    }

    /** Marks every point of a line chart. */
    public Chart markers() {
        markers = true;
        return this;
    }

    /** The x values are counts or indices: ticks only at integers (linear x axis). */
    public Chart integerX() {
        integerX = true;
        return this;
    }

    public Chart size(int widthPixels, int heightPixels) {
        if (widthPixels < 100 || heightPixels < 100) {
            throw new InvalidInputException("chart size must be at least 100 x 100 pixels, got "
                    + widthPixels + " x " + heightPixels);
        }
        width = widthPixels;
        height = heightPixels;
        return this;
    }

    /** Adds a series; names must be unique within the chart. */
    public Chart series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new InvalidInputException("series '" + name + "' has " + x.length + " x values but "
                    + y.length + " y values");
        }
        for (Series s : series) {
            if (s.name().equals(name)) {
                throw new InvalidInputException("chart '" + title + "' already has a series named '" + name + "'");
            }
        }
        series.add(new Series(name, x.clone(), y.clone(), null, null));
        return this;
    }

    /**
     * Adds a series drawn as a dashed line in the colour of an earlier series {@code colourOf}, for
     * a prediction shown beside the measurement it predicts (a kernel machine's outputs next to the
     * network's).
     */
    public Chart dashedSeries(String name, String colourOf, double[] x, double[] y) {
        if (series.stream().noneMatch(s -> s.name().equals(colourOf) && !s.fit() && !s.companion())) {
            throw new InvalidInputException("chart '" + title + "' has no series '" + colourOf + "'");
        }
        series(name, x, y);
        Series added = series.remove(series.size() - 1);
        series.add(new Series(added.name(), added.x(), added.y(), null, colourOf));
        return this;
    }

    /**
     * Adds a series drawn dotted in the colour of an earlier series {@code colourOf}: a third line
     * style beside solid and dashed (e.g. a second integrator of the same network).
     */
    public Chart dottedSeries(String name, String colourOf, double[] x, double[] y) {
        return patternSeries(name, colourOf, x, y, new float[] {0.5f, 4.5f});
    }

    /**
     * Adds a series in the colour of an earlier series {@code colourOf}, drawn with the dash
     * pattern {@code dash} (lengths of the drawn and blank pieces in pixels, as for BasicStroke),
     * so that several companions of one colour stay apart.
     */
    public Chart patternSeries(String name, String colourOf, double[] x, double[] y, float[] dash) {
        dashedSeries(name, colourOf, x, y);
        patterns.put(name, dash.clone());
        return this;
    }

    /**
     * Adds the least-squares straight line through the named series in the plotted coordinates
     * (a power law y = c x^slope on log-log axes), drawn dashed over the series' x range; the
     * legend gives the slope. Call after the axes are chosen.
     */
    public Chart fittedLine(String seriesName) {
        Series data = series.stream().filter(s -> s.name().equals(seriesName)).findFirst()
                .orElseThrow(() -> new InvalidInputException("chart '" + title + "' has no series '" + seriesName + "'"));
        Fit fit = Fit.leastSquares(data.x(), data.y(), logX, logY);
        double[] ends = {fit.fromX(), fit.toX()};
        double[] values = {fit.at(ends[0]), fit.at(ends[1])};
        String name = seriesName + " fit: " + (logX && logY ? "y ~ x^" : "slope ") + String.format(Locale.ROOT, "%.3g", fit.slope());
        series.add(new Series(name, ends, values, seriesName, null));
        return this;
    }

    /** Writes {@code base}.png and {@code base}.svg (base is a path without extension). */
    public Figure write(Path base) {
        JFreeChart chart = build();
        Path png = base.resolveSibling(base.getFileName() + ".png");
        Path svg = base.resolveSibling(base.getFileName() + ".svg");
        AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
        SVGGraphics2D graphics = new SVGGraphics2D(width, height);
        graphics.setDefsKeyPrefix("ntklab"); // the default prefix is time-based: output would differ run to run
        chart.draw(graphics, new Rectangle(0, 0, width, height));
        String document = graphics.getSVGDocument();
        AtomicFiles.write(svg, out -> out.write(document.getBytes(StandardCharsets.UTF_8)));
        return new Figure(png, svg);
    }

    /** The JFreeChart object, for callers that draw it elsewhere. */
    public JFreeChart build() {
        XYSeriesCollection dataset = new XYSeriesCollection();
        int dropped = 0;
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int k = 0; k < s.x().length; k++) {
                if (plottable(s.x()[k], logX) && plottable(s.y()[k], logY)) {
                    xy.add(s.x()[k], s.y()[k]);
                } else {
                    dropped++;
                }
            }
            dataset.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        // one path per series, so that dash patterns run on across many short segments
        renderer.setDrawSeriesLineAsPath(true);
        XYPlot plot = new XYPlot(dataset, axis(xLabel, logX, integerX), axis(yLabel, logY, false), renderer);
        JFreeChart chart = new JFreeChart(title, plot);
        if (dropped > 0) {
            chart.addSubtitle(new TextTitle(dropped + (dropped == 1 ? " point" : " points")
                    + (logX || logY ? " not shown (zero, negative or not finite on a log axis)" : " not shown (not finite)")));
        }
        // the theme resets series colours and strokes, so it goes first and the series styles after it
        theme().apply(chart);
        styleSeries(renderer);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    private void styleSeries(XYLineAndShapeRenderer renderer) {
        Map<String, Color> colours = new HashMap<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            // a fitted line takes the colour of its series, a companion that of the series it accompanies
            Color color = s.fit() ? colours.get(s.fittedTo())
                    : s.companion() ? colours.get(s.colourOf()) : PALETTE[colours.size() % PALETTE.length];
            if (!s.fit() && !s.companion()) {
                colours.put(s.name(), color);
            }
            boolean dashed = s.fit() || s.companion();
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesShape(i, shape(colours.size() - 1));
            renderer.setSeriesShapesVisible(i, !dashed && (style == Style.SCATTER || markers));
            renderer.setSeriesLinesVisible(i, dashed || style == Style.LINE);
            renderer.setSeriesStroke(i, patterns.containsKey(s.name())
                    ? new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, patterns.get(s.name()), 0f)
                    : dashed ? new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f)
                    : new BasicStroke(1.6f));
        }
    }

    private static boolean plottable(double v, boolean logAxis) {
        return Double.isFinite(v) && (!logAxis || v > 0);
    }

    private static ValueAxis axis(String label, boolean log, boolean integers) {
        if (log) {
            return new DecadeAxis(label);
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setStandardTickUnits(integers ? NumberAxis.createIntegerTickUnits(Locale.ROOT)
                : NumberAxis.createStandardTickUnits(Locale.ROOT));
        return axis;
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("ntklab");
        theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 17));
        theme.setLargeFont(new Font(FONT, Font.PLAIN, 14));
        theme.setRegularFont(new Font(FONT, Font.PLAIN, 12));
        theme.setSmallFont(new Font(FONT, Font.PLAIN, 10));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDDDDDD));
        theme.setRangeGridlinePaint(new Color(0xDDDDDD));
        theme.setShadowVisible(false);
        return theme;
    }

    /**
     * A log axis whose ticks read the same in every locale and stay readable: 1, 2 and 5 times the
     * powers of ten are labelled when the range spans at most three decades, the powers of ten
     * alone otherwise (every 2nd, 5th, 10th ... of them over more than ten decades); labels are plain numbers (0.02, 300) unless the range reaches below 0.001 or
     * above 100000, where they are written 2e-7. Built on LogarithmicAxis, which places a tick at
     * every multiple within a decade.
     */
    private static final class DecadeAxis extends LogarithmicAxis {
        /** The widest range drawn: JFreeChart's margin around data near 1e300 (t-max) overflows to infinity. */
        private static final double LOWEST = 1e-300;
        private static final double HIGHEST = 1e305;

        DecadeAxis(String label) {
            super(label);
            setAllowNegativesFlag(false);
            setStrictValuesFlag(false);
            setAutoRangeNextLogFlag(false);
        }

        /**
         * As LogarithmicAxis, with the range kept within [1e-300, 1e305]: an infinite bound made
         * LogarithmicAxis place ticks at every power of ten up to Integer.MAX_VALUE, until the heap ran
         * out (the report of a run to t = 1e300).
         */
        @Override
        public void autoAdjustRange() {
            super.autoAdjustRange();
            double lower = Math.max(getRange().getLowerBound(), LOWEST);
            double upper = Math.min(getRange().getUpperBound(), HIGHEST);
            if (lower != getRange().getLowerBound() || upper != getRange().getUpperBound()) {
                setRange(new org.jfree.data.Range(Math.min(lower, upper / 10), upper), false, false);
            }
        }

        @Override
        public List<Tick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            double lower = getRange().getLowerBound();
            double upper = getRange().getUpperBound();
            boolean exponents = lower < 1e-3 || upper > 1e5;
            double decades = Math.log10(upper / lower);
            boolean fewDecades = decades <= 3;
            // over many decades label every 2nd, 5th, 10th ... power of ten, about ten labels at most
            int every = 1;
            for (int candidate : new int[] {1, 2, 5, 10, 20, 50, 100}) {
                every = candidate;
                if (decades / candidate <= 10) {
                    break;
                }
            }
            List<Tick> relabelled = new ArrayList<>();
            double previous = Double.NaN;
            for (Object tick : super.refreshTicks(g2, state, dataArea, edge)) { // a raw List in JFreeChart
                if (tick instanceof NumberTick number && number.getValue() > 0) {
                    double value = number.getValue();
                    if (Math.abs(value - previous) <= 1e-9 * value) {
                        continue; // a decade can come twice (9+1 times 10^k and 10^(k+1)): drawn twice, it looks bold
                    }
                    previous = value;
                    int exponent = (int) Math.floor(Math.log10(value) + 1e-9);
                    long mantissa = Math.round(value / Math.pow(10, exponent));
                    boolean labelled = mantissa == 1 && Math.floorMod(exponent, every) == 0
                            || fewDecades && (mantissa == 2 || mantissa == 5);
                    if (decades > 30 && !labelled) {
                        continue; // hundreds of decades: nine grid lines each would be a grey wall (and a huge SVG)
                    }
                    String text = !labelled ? ""
                            : exponents ? mantissa + "e" + exponent
                            : BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent).toPlainString();
                    relabelled.add(new NumberTick(number.getTickType(), value, text, number.getTextAnchor(),
                            number.getRotationAnchor(), number.getAngle()));
                } else {
                    relabelled.add((Tick) tick);
                }
            }
            return relabelled;
        }
    }

    /** Circle, square, triangle, diamond, cycling: series stay distinct in grey-scale print. */
    private static Shape shape(int index) {
        double r = 3.5;
        return switch (index % 4) {
            case 0 -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(-r, -r, 2 * r, 2 * r);
            case 2 -> polygon(new double[] {0, r, -r}, new double[] {-r, r, r});
            default -> polygon(new double[] {0, r, 0, -r}, new double[] {-r, 0, r, 0});
        };
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    /**
     * A least-squares line v = intercept + slope u in plotted coordinates (u = log10 x on a log x axis,
     * likewise v), over the points the axes can show.
     */
    public record Fit(double slope, double intercept, boolean logX, boolean logY, double fromX, double toX, int points) {

        public static Fit leastSquares(double[] x, double[] y, boolean logX, boolean logY) {
            int[] shown = IntStream.range(0, x.length)
                    .filter(k -> plottable(x[k], logX) && plottable(y[k], logY)).toArray();
            double[] u = new double[shown.length];
            double[] v = new double[shown.length];
            double from = Double.POSITIVE_INFINITY;
            double to = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < shown.length; i++) {
                double xi = x[shown[i]];
                u[i] = logX ? Math.log10(xi) : xi;
                v[i] = logY ? Math.log10(y[shown[i]]) : y[shown[i]];
                from = Math.min(from, xi);
                to = Math.max(to, xi);
            }
            LinearFit line = LinearFit.of(u, v);
            return new Fit(line.slope(), line.intercept(), logX, logY, from, to, shown.length);
        }

        /** The fitted y at x, in data coordinates. */
        public double at(double x) {
            double v = intercept + slope * (logX ? Math.log10(x) : x);
            return logY ? Math.pow(10, v) : v;
        }
    }
}
