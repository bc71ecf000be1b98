package org.ntklab.arch;

/**
 * Whether dense layers hand their weight gradients to a {@link org.ntklab.linalg.BlockVector} as
 * low-rank factors ({@link org.ntklab.linalg.BlockVector#setProduct}) rather than as formed matrices.
 * On by default; {@code -Dntklab.lowRankGradients=false} forms every gradient (for A/B timing and
 * for checking that both give the same training run).
 */
public final class LowRankGradients {
    /** Smaller weight matrices are always formed: their passes over memory cost next to nothing. */
    static final long MIN_ENTRIES = 1 << 16;
    private static volatile boolean enabled = !"false".equals(System.getProperty("ntklab.lowRankGradients"));

    private LowRankGradients() {
    }

    public static boolean enabled() {
        return enabled;
    }

    /** Switches the factored gradients on or off for this JVM (tests compare both). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }
}
