package org.ntklab.cli.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ntklab.io.InvalidInputException;

/**
 * What {@code ntklab reproduce} ran, as recorded in run.json's {@code config}, with the seeds and
 * the widths of every width sweep spelled out, so that {@link Plan#of} gives the same plan when the
 * report is drawn again by a later version whose defaults differ.
 *
 * @param experiment synthetic, mnist or all
 * @param quick      tiny widths and short horizons: a smoke test of the pipeline, not evidence
 * @param seeds      seeds of the width sweeps (the single-network figures use the first)
 * @param widths     widths of each width sweep, by sweep id (fcn, resnet, mnist-fcn, mnist-resnet, and
 *                   "activations" for the study "Does divergence need ReLU?")
 * @param activations     the activations of that study (synthetic only; empty in records made before it)
 * @param activationSeeds its seeds
 */
public record ReproduceConfig(String experiment, boolean quick, List<Long> seeds, Map<String, List<Integer>> widths,
                              List<String> activations, List<Long> activationSeeds) {
    /** The activations of the study "Does divergence need ReLU?", ReLU first as the reference. */
    public static final List<String> STUDY_ACTIVATIONS = List.of("relu", "erf", "gelu", "tanh", "leaky-relu:0.1");

    public static final List<String> EXPERIMENTS = List.of("synthetic", "mnist", "all");

    public ReproduceConfig {
        experiment = experiment == null ? null : experiment.toLowerCase(Locale.ROOT);
        if (!EXPERIMENTS.contains(experiment)) {
            throw new InvalidInputException("the experiment must be synthetic, mnist, all, paper or scaling, got '"
                    + experiment + "'");
        }
        if (seeds == null || seeds.isEmpty()) {
            throw new InvalidInputException("--seeds needs at least one seed");
        }
        seeds = List.copyOf(seeds);
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new InvalidInputException("--seeds lists a seed twice: " + seeds);
        }
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : (widths == null ? Map.<String, List<Integer>>of() : widths).entrySet()) {
            List<Integer> w = e.getValue().stream().sorted().toList();
            if (w.isEmpty() || w.get(0) < 1) {
                throw new InvalidInputException("--widths must be positive, got " + e.getValue());
            }
            if (w.stream().distinct().count() != w.size()) {
                throw new InvalidInputException("--widths lists a width twice: " + e.getValue());
            }
            copy.put(e.getKey(), w);
        }
        widths = java.util.Collections.unmodifiableMap(copy);
        activations = activations == null ? List.of() : List.copyOf(activations);
        for (String a : activations) {
            org.ntklab.activation.Activations.parse(a);
        }
        activationSeeds = activationSeeds == null ? List.of() : List.copyOf(activationSeeds);
        if (!activations.isEmpty() && (activationSeeds.isEmpty() || !widths.containsKey("activations"))) {
            throw new InvalidInputException("the activation study needs seeds and widths");
        }
    }

    /** The record of a reproduction made before the activation study existed. */
    public ReproduceConfig(String experiment, boolean quick, List<Long> seeds, Map<String, List<Integer>> widths) {
        this(experiment, quick, seeds, widths, null, null);
    }

    /**
     * The configuration for the command line's choices: the default seeds (1 and 2; 1 with --quick)
     * and widths of each sweep unless given.
     */
    public static ReproduceConfig of(String experiment, boolean quick, List<Long> seeds, List<Integer> widths) {
        String e = experiment == null ? "" : experiment.toLowerCase(Locale.ROOT);
        List<Long> s = seeds != null && !seeds.isEmpty() ? seeds : quick ? List.of(1L) : List.of(1L, 2L);
        Map<String, List<Integer>> w = new LinkedHashMap<>();
        boolean given = widths != null && !widths.isEmpty();
        if (!e.equals("mnist")) {
            w.put("fcn", given ? widths : quick ? List.of(16, 64) : List.of(32, 128, 512));
            w.put("resnet", given ? widths : quick ? List.of(16, 64) : List.of(32, 64, 128, 256));
        }
        List<String> activations = List.of();
        List<Long> activationSeeds = List.of();
        if (!e.equals("mnist")) {
            // the study "Does divergence need ReLU?": three seeds and widths of its own unless given
            w.put("activations", given ? widths : quick ? List.of(16) : List.of(64, 256, 1024));
            activations = STUDY_ACTIVATIONS;
            activationSeeds = seeds != null && !seeds.isEmpty() ? seeds : quick ? List.of(1L) : List.of(1L, 2L, 3L);
        }
        if (!e.equals("synthetic")) {
            w.put("mnist-fcn", given ? widths : quick ? List.of(16, 64) : List.of(64, 256));
            w.put("mnist-resnet", given ? widths : quick ? List.of(16, 64) : List.of(32, 128));
        }
        return new ReproduceConfig(experiment, quick, s, w, activations, activationSeeds);
    }

    public boolean synthetic() {
        return !experiment.equals("mnist");
    }

    public boolean mnist() {
        return !experiment.equals("synthetic");
    }

    /** The widths of sweep {@code id}; a run record without them is not one this version can read. */
    public List<Integer> widthsOf(String id) {
        List<Integer> w = widths.get(id);
        if (w == null) {
            throw new InvalidInputException("the reproduce configuration has no widths for the sweep '" + id + "'");
        }
        return w;
    }
}
