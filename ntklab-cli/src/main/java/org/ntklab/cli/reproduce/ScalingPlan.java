package org.ntklab.cli.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ntklab.io.InvalidInputException;
import org.ntklab.train.TrainingConfig;

/**
 * The grid of {@code ntklab reproduce scaling}: cross-entropy on the paper's six circle points for
 * three architectures over decades of width, five seeds each, stopped early when D_inf reaches
 * {@link #STOP_LEVEL}, and squared-loss controls at three widths per architecture. The same grid is
 * the sweep spec {@code sweeps/scaling.yaml} (ScalingPlanTest checks that they agree).
 */
public record ScalingPlan(List<Part> parts, List<Long> seeds, double tMax, double mseTMax, boolean quick,
                          Double checkpointSeconds) {
    /** The experiment's name, as run.json's config records it. */
    static final String EXPERIMENT = "scaling";
    /** Runs end at the first observation with D_inf at least this: the highest level analysed. */
    static final double STOP_LEVEL = 10;
    /** Step budget: at most about 100 steps per e-fold of t (the flow's log-time floor) to 1e300 is 69,100. */
    static final long MAX_STEPS = 200_000;

    /** One architecture's widths. */
    public record Part(String id, String arch, int depth, double alpha, List<Integer> widths, List<Integer> mseWidths) {
        String describe() {
            return arch + " L = " + depth + (arch.equals("resnet") ? ", alpha = " + alpha : "");
        }
    }

    public static ScalingPlan of(boolean quick, List<Long> seeds, List<String> only) {
        return of(quick, seeds, only, 1, Integer.MAX_VALUE);
    }

    /** As {@link #of(boolean, List, List)}, keeping only widths in [minWidth, maxWidth] (a partial grid). */
    static ScalingPlan of(boolean quick, List<Long> seeds, List<String> only, int minWidth, int maxWidth) {
        List<Part> parts = new ArrayList<>();
        if (quick) {
            parts.add(new Part("fcn1", "fcn", 1, 1.0, powers(4, 7), List.of(16, 128)));
            parts.add(new Part("fcn2", "fcn", 2, 1.0, powers(4, 6), List.of(16)));
        } else {
            parts.add(new Part("fcn1", "fcn", 1, 1.0, powers(6, 16), List.of(64, 1024, 16384)));
            parts.add(new Part("fcn2", "fcn", 2, 1.0, powers(5, 12), List.of(32, 256, 2048)));
            parts.add(new Part("resnet2", "resnet", 2, 1.0, powers(5, 11), List.of(32, 256, 2048)));
        }
        if (only != null && !only.isEmpty()) {
            for (String id : only) {
                if (parts.stream().noneMatch(p -> p.id().equals(id))) {
                    throw new InvalidInputException("--parts: unknown part '" + id + "'; the parts are "
                            + String.join(", ", parts.stream().map(Part::id).toList()));
                }
            }
            parts.removeIf(p -> !only.contains(p.id()));
        }
        if (minWidth > 1 || maxWidth < Integer.MAX_VALUE) {
            parts.replaceAll(p -> new Part(p.id(), p.arch(), p.depth(), p.alpha(),
                    p.widths().stream().filter(w -> w >= minWidth && w <= maxWidth).toList(),
                    p.mseWidths().stream().filter(w -> w >= minWidth && w <= maxWidth).toList()));
        }
        List<Long> s = seeds != null && !seeds.isEmpty() ? seeds : quick ? List.of(1L, 2L, 3L) : List.of(1L, 2L, 3L, 4L, 5L);
        return new ScalingPlan(parts, s, quick ? 1e12 : 1e300, quick ? 1e4 : 1e30, quick, null);
    }

    /** The same grid with every run saving its checkpoint every {@code seconds} of wall time (null: the default). */
    ScalingPlan checkpointingEvery(Double seconds) {
        return new ScalingPlan(parts, seeds, tMax, mseTMax, quick, seconds);
    }

    private static List<Integer> powers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(k -> 1 << k).toList();
    }

    TrainingConfig config(Part part, String loss, int width, long seed) {
        TrainingConfig c = TrainingConfig.defaults(part.arch(), part.depth(), width, Plan.CIRCLE, loss, seed)
                .with("alpha", part.alpha()).with("max-steps", MAX_STEPS);
        if (checkpointSeconds != null) {
            c = c.with("checkpoint-seconds", checkpointSeconds);
        }
        if (loss.equals("ce")) {
            return c.with("t-max", tMax).with("stop-at-d-inf", STOP_LEVEL);
        }
        return c.with("t-max", mseTMax);
    }

    static String runName(Part part, String loss, int width, long seed) {
        return part.id() + "-" + loss + "-m" + width + "-s" + seed;
    }

    /** One run of the grid. */
    private record Run(Part part, String loss, int width, long seed) {
    }

    /** Every run of the grid: per part, cross-entropy then squared loss, widths, seeds. */
    private List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        for (Part part : parts) {
            for (String loss : List.of("ce", "mse")) {
                for (int width : loss.equals("ce") ? part.widths() : part.mseWidths()) {
                    for (long seed : seeds) {
                        runs.add(new Run(part, loss, width, seed));
                    }
                }
            }
        }
        return runs;
    }

    /** Every run's configuration, in the order of {@link #tasks()}. */
    public List<TrainingConfig> configs() {
        return runs().stream().map(r -> config(r.part(), r.loss(), r.width(), r.seed())).toList();
    }

    /** Every run of the grid as a task, with a rough cost for the scheduler. */
    List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        for (Run r : runs()) {
            TrainingConfig c = config(r.part(), r.loss(), r.width(), r.seed());
            tasks.add(TrainTask.plain(runName(r.part(), r.loss(), r.width(), r.seed()), c, cost(c)));
        }
        return tasks;
    }

    private static double cost(TrainingConfig c) {
        double m = c.width();
        double perStep = c.arch().equals("fcn") ? (c.depth() - 1) * m * m + 20 * m : 2 * c.depth() * m * m;
        double steps = c.loss().equals("ce") ? 100 * Math.log(1e30) : 2000;
        return 1 + steps * (3e-4 + 2e-8 * perStep);
    }
}
