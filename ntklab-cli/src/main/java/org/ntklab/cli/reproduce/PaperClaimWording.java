package org.ntklab.cli.reproduce;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.train.TrainClaims;

/**
 * The claims of {@code reproduce paper} in words: each {@link PaperAnalysis} finding as a
 * {@link Verdict}, the claim naming its threshold and why, the evidence quoting the measured
 * numbers. Prose only: every number comes from the analysis, its plan or a named threshold.
 */
final class PaperClaimWording {
    private PaperClaimWording() {
    }

    /** Every verdict, figure by figure. */
    static List<Verdict> verdicts(PaperAnalysis a) {
        PaperPlan plan = a.plan();
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(logGrowth("Fig. 1", "gradient descent", a.fig1(true)));
        verdicts.add(logGrowth("Fig. 1 (flow)", "the time-rescaled flow", a.fig1(false)));
        verdicts.add(outputsAgree(a.fig1Agreement(), plan));
        verdicts.add(seedsDiverge(a, plan));
        verdicts.add(fig2(a.fig2(), plan));
        for (boolean gd : List.of(true, false)) {
            verdicts.add(profileMoves(a.fig3(gd), gd, plan));
        }
        verdicts.add(profilesAgree(a.fig3Agreement()));
        for (boolean gd : List.of(true, false)) {
            verdicts.add(pairsMove(a.fig4(gd), gd, plan));
        }
        verdicts.add(pairsAgree(a.fig4Agreement(), plan));
        return verdicts;
    }

    // ---- Fig. 1 ----

    private static Verdict logGrowth(String item, String how, FigureMeasures.OutputGrowth growth) {
        return new Verdict(item, "outputs grow like log t (" + how + ")",
                "Paper Fig. 1, by " + how + ": every output ends with its label's sign and grows like log t over the "
                        + "late window t in [sqrt(T), T]: its fitted slope against ln t is above "
                        + TrainClaims.LOG_GROWTH_SLOPE + " (the threshold of every train run: well away from 0, below "
                        + "the slope 1 of the asymptotic law ln t) and a straight line in ln t fits |f_i| better (smaller "
                        + "RMS residual) than a straight line in t, which it would not for linear or power-law growth.",
                ClaimWording.outputGrowthEvidence(growth), growth.held());
    }

    private static Verdict outputsAgree(PaperAnalysis.OutputsAgreement a, PaperPlan plan) {
        return new Verdict("Fig. 1", "gradient descent and the flow agree",
                "At t = " + Table.number(a.tGd()) + " (" + plan.fig1Steps + " steps of rate " + PaperPlan.FIG1_RATE
                        + ") the six outputs of gradient descent and of the time-rescaled flow from the same initial "
                        + "weights differ by at most " + Table.number(PaperAnalysis.AGREEMENT) + " max_i |f_i| "
                        + "(threshold: a tenth of the curves' scale, a difference the eye would not take for another "
                        + "picture; GD is a first-order discretisation of the flow).",
                "max_i |f_i^GD - f_i^flow| = " + Table.number(a.difference()) + ", max_i |f_i^GD| = "
                        + Table.number(a.scale()) + " (ratio " + Table.number(a.difference() / a.scale())
                        + "); flow time reached " + Table.number(a.tFlow()),
                a.held());
    }

    /** Item 3 at the paper's own horizon, every seed. */
    private static Verdict seedsDiverge(PaperAnalysis a, PaperPlan plan) {
        StringBuilder evidence = new StringBuilder("D_inf(T) / D_inf(0):");
        double[] ratios = a.seedDivergence();
        for (int k = 0; k < ratios.length; k++) {
            evidence.append(" seed ").append(a.seedRows().get(k).get(0)).append(": ").append(Table.number(ratios[k]))
                    .append(";");
        }
        return new Verdict("Fig. 1", "D_inf grows within the paper's horizon",
                "Within the paper's " + plan.fig1Steps + " steps the empirical NTK on the six points moves away from "
                        + "Theta: D_inf(T) >= " + Table.number(TrainClaims.DIVERGENCE_FACTOR) + " D_inf(0) for every seed "
                        + plan.seeds + " (the threshold of every train run: five times the initial finite-width "
                        + "error, far beyond its O(m^-1/2) fluctuation).",
                evidence.toString().replaceAll(";$", ""), a.seedsDiverge());
    }

    // ---- Fig. 2 ----

    private static Verdict fig2(Analysis.InitConvergence c, PaperPlan plan) {
        return new Verdict("Fig. 2", "K_0 converges to Theta as m grows",
                "Paper Fig. 2: at initialisation the kernel profile K_0(x0, x') approaches the analytic NTK as the width "
                        + "grows: the fitted log-log slope of its sup-error (mean over seeds) against m is below "
                        + Analysis.PROFILE_SLOPE + " (theory: -0.5; half of that leaves room for the noise of a few "
                        + "seeds and still rules out no convergence, slope 0).",
                ClaimWording.initConvergenceEvidence("mean over seeds " + plan.fig2Seeds
                        + " of sup |K_0 - Theta| / sup Theta:", c), c.held());
    }

    // ---- Fig. 3 ----

    private static Verdict profileMoves(FigureMeasures.ProfileMove move, boolean gd, PaperPlan plan) {
        return new Verdict(gd ? "Fig. 3" : "Fig. 3 (flow)", "the kernel profile moves away ("
                + (gd ? "gradient descent" : "flow") + ")",
                "Paper Fig. 3 (m = " + plan.fig1Gd.width() + ", by " + (gd ? "gradient descent" : "the time-rescaled "
                        + "flow") + "): within the paper's " + plan.fig1Steps + " steps the profile K_t(x0, x') moves "
                        + "away from its initial shape by more than " + Table.number(Analysis.PROFILE_MOVE) + " times "
                        + "its initial distance to Theta (so the movement is not the finite-width noise of Fig. 2).",
                ClaimWording.profileMoveEvidence(move), move.held());
    }

    private static Verdict profilesAgree(PaperAnalysis.ProfileAgreement a) {
        return new Verdict("Fig. 3", "gradient descent and the flow move the kernel alike",
                "At the end of the paper's horizon the profiles of gradient descent and of the flow differ by at most "
                        + Table.number(PaperAnalysis.AGREEMENT) + " times the profile's change during training (the "
                        + "quantity the figure shows).",
                "sup |K_T^GD - K_T^flow| = " + Table.number(a.difference()) + ", sup |K_T^GD - K_0| = "
                        + Table.number(a.change()) + " (ratio " + Table.number(a.difference() / a.change()) + ")",
                a.held());
    }

    // ---- Fig. 4 ----

    private static Verdict pairsMove(PaperAnalysis.PairsMove move, boolean gd, PaperPlan plan) {
        StringBuilder evidence = new StringBuilder();
        for (PaperAnalysis.SmoothedPair p : move.pairs()) {
            evidence.append(evidence.length() == 0 ? "" : "; ").append("(").append(p.pair()[0]).append(", ")
                    .append(p.pair()[1]).append("): |K_T - Theta| = ").append(Table.number(p.drift()))
                    .append(" vs |K_0 - Theta| = ").append(Table.number(p.start()))
                    .append(", smoothed change over t in [").append(Table.number(move.from())).append(", ")
                    .append(Table.number(move.to())).append("]: ").append(Table.number(100 * p.change())).append("%");
        }
        String how = gd ? "gradient descent" : "the time-rescaled flow";
        return new Verdict(gd ? "Fig. 4" : "Fig. 4 (flow)", "MNIST: the NTK on three pairs moves "
                + "away and does not settle (" + (gd ? "GD" : "flow") + ")",
                "Paper Fig. 4 (FCN with 3 hidden layers, m = " + plan.fig4Gd.width() + ", MNIST parity, by " + how
                        + " to t = " + Table.number(plan.fig4Gd.tMax()) + "): on each pair K_t ends further from "
                        + "Theta than " + Table.number(Analysis.PROFILE_MOVE) + " times its initial distance, and the "
                        + "values do not settle: over the last decade of t the smoothed value (moving average of "
                        + plan.smoothing + " observations) still changes by at least m^-1/2 = "
                        + Table.number(100 * move.settle()) + "% (the size of the whole finite-width fluctuation "
                        + "of K_0 around Theta; a kernel that had settled would change by much less).",
                evidence.toString(), move.held());
    }

    private static Verdict pairsAgree(PaperAnalysis.PairsAgreement a, PaperPlan plan) {
        StringBuilder evidence = new StringBuilder("smoothed K_T, GD / flow:");
        for (int p = 0; p < a.pairs().length; p++) {
            evidence.append(" (").append(a.pairs()[p][0]).append(", ").append(a.pairs()[p][1]).append("): ")
                    .append(Table.number(a.gd()[p])).append(" / ").append(Table.number(a.flow()[p])).append(";");
        }
        evidence.append(" largest relative difference ").append(Table.number(a.worst()));
        return new Verdict("Fig. 4", "gradient descent and the flow agree on MNIST",
                "At t = " + Table.number(plan.fig4Gd.tMax()) + " the smoothed kernel values of gradient descent (rate "
                        + PaperPlan.FIG4_RATE + ") and of the flow differ by at most "
                        + Table.number(PaperAnalysis.AGREEMENT) + " of their value on every pair.",
                evidence.toString(), a.held());
    }
}
