package org.ntklab.cli.report;

/**
 * One row of a report's claims table: a statement from the paper or the design, the measured
 * evidence, and whether the claim held on this run.
 */
public record Claim(String claim, String evidence, boolean held) {

    public String verdict() {
        return held ? "held" : "did not hold";
    }
}
