package org.ntklab.cli.reproduce;

import java.util.List;
import org.ntklab.io.InvalidInputException;
import org.ntklab.train.TrainingConfig;

/**
 * Every number of {@code ntklab reproduce paper}: the paper's section 6 at its own settings, by
 * full-batch gradient descent, each run beside the time-rescaled flow run of the same network
 * (same seed, same initial weights; flow time t = rate x steps). Derived from the recorded
 * {@link PaperConfig} alone, so that the command and a later {@code ntklab report} agree.
 */
public final class PaperPlan {
    /** What run.json records as the configuration of a reproduce paper run. */
    public record PaperConfig(String experiment, boolean quick, List<Long> seeds) {
        public PaperConfig {
            if (seeds == null || seeds.isEmpty()) {
                throw new InvalidInputException("--seeds needs at least one seed");
            }
            seeds = List.copyOf(seeds);
            if (seeds.stream().distinct().count() != seeds.size()) {
                throw new InvalidInputException("--seeds lists a seed twice: " + seeds);
            }
        }
    }

    public static final String EXPERIMENT = "paper";
    /** The paper's learning rate of the six-point experiment. */
    public static final double FIG1_RATE = 0.1;
    /** The paper's learning rate of the MNIST experiment. */
    public static final double FIG4_RATE = 0.5;
    /** Seeds of the Fig. 2 band (several networks per width at initialisation). */
    public static final List<Long> PROFILE_SEEDS = List.of(1L, 2L, 3L, 4L, 5L);
    /**
     * Fig. 4: the first observation is at step 10 (the paper drops the first 10 epochs); 24
     * observations per decade keep consecutive observations at least one step apart from there on
     * (10^(1/24) - 1 > 0.1).
     */
    public static final int FIG4_FIRST_STEP = 10;

    public final PaperConfig config;
    public final boolean quick;
    /** Seeds of the Fig. 1 gradient-descent runs; the first also records Fig. 3 and runs Fig. 4 and the flow runs. */
    public final List<Long> seeds;
    public final long seed;
    public final TrainingConfig fig1Gd;
    public final TrainingConfig fig1Flow;
    public final long fig1Steps;
    /** Angles of the Fig. 3 profile recorded at every observation of the Fig. 1 runs. */
    public final int fig3Angles;
    /** Flow times at which Fig. 3 draws the profile (t = 0.1 x steps). */
    public final List<Double> fig3Times;
    public final List<Integer> fig2Widths;
    public final List<Long> fig2Seeds;
    public final int fig2Angles;
    public final TrainingConfig fig4Gd;
    public final TrainingConfig fig4Flow;
    public final long fig4Steps;
    public final int perClass;
    public final int[][] pairs;
    /** Fig. 4 smoothing: centred moving average over this many consecutive observations (odd). */
    public final int smoothing;

    private PaperPlan(PaperConfig config) {
        this.config = config;
        this.quick = config.quick();
        this.seeds = config.seeds();
        this.seed = seeds.get(0);

        int m1 = quick ? 64 : 2000;
        fig1Steps = quick ? 1000 : 10_000;
        // the first observation at step 10: from there on 8 per decade are at least a step apart
        fig1Gd = TrainingConfig.defaults("fcn", 3, m1, Plan.CIRCLE, "ce", seed)
                .with("integrator", "gd").with("lr", FIG1_RATE).with("t-max", fig1Steps * FIG1_RATE)
                .with("first-observation", 10 * FIG1_RATE).with("observations-per-decade", 8)
                .with("max-steps", fig1Steps + 10);
        fig1Flow = fig1Gd.with("integrator", "flow").with("max-steps", Plan.MAX_STEPS);
        fig3Angles = quick ? 61 : 181;
        fig3Times = quick ? List.of(0.0, 1.0, 10.0, 100.0) : List.of(0.0, 1.0, 10.0, 100.0, 1000.0);

        fig2Widths = quick ? List.of(50, 100, 200) : List.of(200, 1000, 2000);
        fig2Seeds = quick ? List.of(1L, 2L) : PROFILE_SEEDS;
        fig2Angles = quick ? 91 : 361;

        int m4 = quick ? 32 : 500;
        fig4Steps = quick ? 1000 : 100_000;
        perClass = quick ? 5 : 10;
        String data = "mnist:parity,n=" + perClass + ",test=" + (quick ? 5 : 100);
        fig4Gd = TrainingConfig.defaults("fcn", 3, m4, data, "ce", seed)
                .with("reduction", "mean").with("integrator", "gd").with("lr", FIG4_RATE)
                .with("t-max", fig4Steps * FIG4_RATE).with("first-observation", FIG4_FIRST_STEP * FIG4_RATE)
                .with("observations-per-decade", 24).with("max-steps", fig4Steps + 10);
        fig4Flow = fig4Gd.with("integrator", "flow").with("max-steps", Plan.MAX_STEPS);
        // two even digits, an even and an odd one, two odd digits (rows come grouped by class, even first)
        pairs = new int[][] {{0, 1}, {0, perClass}, {perClass, perClass + 1}};
        smoothing = 5;
    }

    public static PaperPlan of(PaperConfig config) {
        if (!EXPERIMENT.equals(config.experiment())) {
            throw new InvalidInputException("not a reproduce paper configuration: " + config.experiment());
        }
        return new PaperPlan(config);
    }

    public TrainingConfig fig1Gd(long s) {
        return fig1Gd.with("seed", s);
    }

    public static String fig1GdName(long s) {
        return "fig1-gd-s" + s;
    }

    public static final String FIG1_FLOW = "fig1-flow";
    public static final String FIG4_GD = "fig4-gd";
    public static final String FIG4_FLOW = "fig4-flow";

    /** The pairs as the value of --record-pairs: "0:1,0:5,5:6". */
    static String pairsOption(int[][] pairs) {
        StringBuilder s = new StringBuilder();
        for (int[] p : pairs) {
            s.append(s.length() == 0 ? "" : ",").append(p[0]).append(':').append(p[1]);
        }
        return s.toString();
    }
}
