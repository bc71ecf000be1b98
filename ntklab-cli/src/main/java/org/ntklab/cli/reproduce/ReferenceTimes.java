package org.ntklab.cli.reproduce;

/**
 * Costs of the reproduce experiments measured once on the reference machine (2 cores), quoted by
 * the help text and the reports as documentation: the run that quotes one does not measure it.
 * They are strings so that picocli's help (an annotation) can use them; each says in its comment
 * where it was measured. Update them here, and in docs/cli.md, when a measurement is repeated.
 */
final class ReferenceTimes {
    /** reproduce synthetic without its activation study (commit fc8a933). */
    static final String SYNTHETIC = "about 2 minutes on a quiet 2-core machine";
    /** The activation study "Does divergence need ReLU?" on top of that (commit 1f4b274). */
    static final String ACTIVATION_STUDY = "about 27 more minutes on 2 cores under load";
    /** reproduce mnist (commit fc8a933). */
    static final String MNIST = "about 15 minutes";
    /** reproduce paper at the paper's settings (commit da92bd2). */
    static final String PAPER = "25 CPU-minutes, 46 minutes measured on a busy 2-core machine";
    /** reproduce paper --quick. */
    static final String PAPER_QUICK = "under two minutes";
    /** reproduce scaling, the full grid, and its --quick version. */
    static final String SCALING = "hours on 2 cores";
    static final String SCALING_QUICK = "in minutes";
    /** reproduce synthetic|mnist --quick (commit 3e09c58). */
    static final String QUICK = "under a minute";
    /**
     * The Fig. 1 flow run of reproduce synthetic alone on 2 cores at the paper's width and at the
     * one used instead (commit 38038c7); a step costs about m^2.
     */
    static final String FIG1_AT_M2000 = "about 2.5 minutes";
    static final String FIG1_AT_M1000 = "about 40 s";
    /**
     * The most steps any training run of a full reproduce synthetic|mnist took (commit 38038c7),
     * the reason for {@link Plan#MAX_STEPS}.
     */
    static final long MOST_STEPS_NEEDED = 7_800;

    private ReferenceTimes() {
    }
}
