package org.ntklab.cli.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ntklab.train.TrainingConfig;

/**
 * Every number of an {@code ntklab reproduce} run, derived from its {@link ReproduceConfig} alone, so
 * that the command and the report renderer agree on what was run and where it is. The defaults
 * were chosen to fit the time budgets on a 2-core machine (synthetic about 2 minutes without its
 * activation study, which adds about 27 under load; mnist about
 * 15, --quick under one); docs/cli.md lists them and says where they differ from the paper's.
 */
public final class Plan {
    /** Data of the synthetic experiment: the paper's six points on the circle, labels 0, 1, 0, 1, 0, 1. */
    public static final String CIRCLE = "circle:n=6";
    /**
     * Step budget of every training run: six times the most any run here needs (7,800 steps), so
     * that a run whose integrator crawls (a stall on a ReLU kink) ends with status "stopped"
     * instead of holding up the whole reproduction; the report lists such runs.
     */
    public static final long MAX_STEPS = 50_000;

    /** One width sweep: the same network and data for every width and seed, trained under CE and MSE. */
    public record Sweep(String id, String title, TrainingConfig base, List<Integer> widths, List<Long> seeds,
                        boolean mnist) {
        public String runName(String loss, int width, long seed) {
            return id + "-" + loss + "-m" + width + "-s" + seed;
        }

        public TrainingConfig config(String loss, int width, long seed) {
            return base.with("loss", loss).with("width", width).with("seed", seed);
        }

        /** The width whose CE run also records kernel profiles (sweep "fcn" only): the middle one. */
        public int profileWidth() {
            return widths.get(widths.size() / 2);
        }
    }

    public final ReproduceConfig config;
    public final long seed;
    // item 1: lambda_min of the analytic NTK
    public final List<Integer> depths;
    public final int distanceDepth;
    public final List<Double> distances;
    // Fig. 2: kernel profiles at initialisation
    public final int profileDepth;
    public final List<Integer> profileWidths;
    public final int angles;
    // Fig. 1 and 3: one network's outputs and kernel profile over training
    public final TrainingConfig fig1;
    public final List<Double> fig1Times;
    // width sweeps (items 2 to 5) and the long-horizon kernel profile
    public final List<Sweep> sweeps;
    /** The study "Does divergence need ReLU?" (synthetic), or null when this reproduction has none. */
    public final ActivationStudy.Design activationStudy;
    public final List<Double> longProfileTimes;
    // MNIST: lambda_min on real inputs, Fig. 4
    public final String mnistAnalyticData;
    public final TrainingConfig fig4;
    public final int[][] pairs;

    private Plan(ReproduceConfig config) {
        this.config = config;
        boolean quick = config.quick();
        List<Long> seeds = config.seeds();
        this.seed = seeds.get(0);

        depths = range(1, quick ? 4 : 8);
        distanceDepth = 3;
        distances = quick ? List.of(1.0, 0.1, 0.01, 0.001)
                : List.of(1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4);

        profileDepth = 3;
        profileWidths = quick ? List.of(50, 100, 200) : List.of(200, 1000, 2000);
        angles = quick ? 91 : 361;

        int fig1Width = quick ? 32 : 1000;
        double fig1TMax = quick ? 100 : 1000;
        fig1 = TrainingConfig.defaults("fcn", 3, fig1Width, CIRCLE, "ce", seed)
                .with("t-max", fig1TMax).with("observations-per-decade", 16)
                .with("max-steps", MAX_STEPS);
        fig1Times = quick ? List.of(0.0, 1.0, 10.0, 100.0) : List.of(0.0, 1.0, 10.0, 100.0, 1000.0);

        double longTMax = quick ? 1e6 : 1e30;
        List<Sweep> s = new ArrayList<>();
        if (config.synthetic()) {
            s.add(new Sweep("fcn", "FCN L = 2 on the six circle points", longRun("fcn", 2, CIRCLE, longTMax),
                    config.widthsOf("fcn"), seeds, false));
            s.add(new Sweep("resnet", "ResNet L = 2 (alpha = 1) on the six circle points",
                    longRun("resnet", 2, CIRCLE, longTMax), config.widthsOf("resnet"), seeds, false));
        }
        activationStudy = config.synthetic() && !config.activations().isEmpty()
                ? new ActivationStudy.Design(longRun("fcn", 2, CIRCLE, longTMax)
                        .with("stop-at-d-inf", ActivationStudy.STOP_LEVEL), config.activations(),
                        config.widthsOf("activations"), config.activationSeeds())
                : null;
        longProfileTimes = quick ? List.of(0.0, 1e2, 1e4, 1e6)
                : List.of(0.0, 1e2, 1e6, 1e12, 1e20, 1e30);

        int perClass = quick ? 10 : 100;
        mnistAnalyticData = "mnist:parity,n=" + perClass;
        fig4 = TrainingConfig.defaults("fcn", 3, quick ? 32 : 500, "mnist:parity,n=" + perClass + ",test=" + perClass,
                        "ce", seed)
                .with("reduction", "mean").with("t-max", quick ? 1e3 : 5e4).with("observations-per-decade", 8)
                .with("max-steps", MAX_STEPS);
        // two even digits, an even and an odd one, two odd digits (rows come grouped by class, even first)
        pairs = new int[][] {{0, 1}, {0, perClass}, {perClass, perClass + 1}};
        if (config.mnist()) {
            String sweepData = "mnist:parity,n=" + (quick ? 10 : 25) + ",test=" + (quick ? 10 : 25);
            double mnistTMax = quick ? 1e5 : 1e12;
            s.add(new Sweep("mnist-fcn", "FCN L = 2 on MNIST parity", longRun("fcn", 2, sweepData, mnistTMax)
                    .with("reduction", "mean"), config.widthsOf("mnist-fcn"), seeds, true));
            s.add(new Sweep("mnist-resnet", "ResNet L = 2 (alpha = 1) on MNIST parity",
                    longRun("resnet", 2, sweepData, mnistTMax).with("reduction", "mean"),
                    config.widthsOf("mnist-resnet"), seeds, true));
        }
        sweeps = List.copyOf(s);
    }

    public static Plan of(ReproduceConfig config) {
        return new Plan(config);
    }

    private static TrainingConfig longRun(String arch, int depth, String data, double tMax) {
        return TrainingConfig.defaults(arch, depth, 16, data, "ce", 1).with("t-max", tMax)
                .with("observations-per-decade", 4)
                .with("max-steps", MAX_STEPS);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    public String fig1RunName() {
        return "fig1-fcn-L" + fig1.depth() + "-m" + fig1.width();
    }

    public String fig4RunName() {
        return "fig4-mnist-fcn-L" + fig4.depth() + "-m" + fig4.width();
    }

    /** The sweep whose middle-width CE run records the long-horizon kernel profile, or null. */
    public Sweep profileSweep() {
        return sweeps.stream().filter(s -> s.id().equals("fcn")).findFirst().orElse(null);
    }
}
