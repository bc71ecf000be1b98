package org.ntklab.cli.reproduce;

import java.util.List;
import java.util.Locale;

/**
 * What {@code ntklab reproduce} was asked for, as recorded in run.json's {@code config}; the whole
 * experiment plan follows from it ({@link Plan#of}).
 *
 * @param experiment synthetic, mnist or all
 * @param quick      tiny widths and short horizons: a smoke test of the pipeline, not evidence
 * @param seeds      seeds of the width sweeps (the single-network figures use the first); empty: the default
 * @param widths     widths of the width sweeps; empty: the defaults of the experiment
 */
public record ReproduceConfig(String experiment, boolean quick, List<Long> seeds, List<Integer> widths) {
    public static final List<String> EXPERIMENTS = List.of("synthetic", "mnist", "all");

    public ReproduceConfig {
        experiment = experiment == null ? null : experiment.toLowerCase(Locale.ROOT);
        if (!EXPERIMENTS.contains(experiment)) {
            throw new IllegalArgumentException("the experiment must be synthetic, mnist or all, got '" + experiment + "'");
        }
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        widths = widths == null ? List.of() : List.copyOf(widths);
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds lists a seed twice: " + seeds);
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("--widths must be positive, got " + w);
            }
        }
        if (widths.stream().distinct().count() != widths.size()) {
            throw new IllegalArgumentException("--widths lists a width twice: " + widths);
        }
    }

    public boolean synthetic() {
        return !experiment.equals("mnist");
    }

    public boolean mnist() {
        return !experiment.equals("synthetic");
    }
}
