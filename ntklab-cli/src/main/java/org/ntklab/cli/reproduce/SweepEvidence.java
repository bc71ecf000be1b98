package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.train.TrainClaims;

/**
 * Items 2 to 5 on one width sweep: its runs and the numbers fitted across them, with a verdict per
 * claim (thresholds in {@link Analysis} and {@link TrainClaims}). Numbers only; {@link ClaimWording}
 * words them.
 */
public record SweepEvidence(Plan.Sweep sweep, List<SweepRow> ce, List<SweepRow> mse,
                            List<Theorem2Crossing> crossings, double mseSupSlope, double ceSupSlope,
                            double relativeGapSlope, double widestRelativeGap, List<Double> meanLogTStars) {
    /** Two or more widths: the claims about the dependence on m apply. */
    public boolean several() {
        return sweep.widths().size() >= 2;
    }

    public boolean ceOutputsGrow() {
        return ce.stream().allMatch(r -> r.fSlope() > TrainClaims.LOG_GROWTH_SLOPE && r.thetaSlope() > 0);
    }

    public boolean ceLambdaBounded() {
        return ce.stream().allMatch(r -> r.lambdaMinOverT() >= TrainClaims.LAMBDA_FLOOR * r.lambda0());
    }

    public boolean ceDInfGrows() {
        return ce.stream().allMatch(r -> r.dInfEnd() >= TrainClaims.DIVERGENCE_FACTOR * r.dInf0());
    }

    public boolean mseFlat() {
        return mse.stream().allMatch(r -> r.supDInf() <= TrainClaims.LAZY_FACTOR * r.dInf0());
    }

    public boolean mseShrinks() {
        return mseSupSlope < Analysis.SHRINK_SLOPE;
    }

    public boolean ceDoesNotShrink() {
        return ceSupSlope >= Analysis.SHRINK_SLOPE;
    }

    public boolean ceStillGrowing() {
        return ce.stream().allMatch(r -> r.dInfSlope() > 0);
    }

    public boolean ceSupAboveFloor() {
        return ce.stream().allMatch(r -> r.supDInf() >= Analysis.CE_SUP_FLOOR);
    }

    public boolean theorem2() {
        return crossings.stream().allMatch(Theorem2Crossing::byTraining);
    }

    /** The mean over seeds of the squared-loss sup_t gap at each width. */
    public Map<Integer, double[]> mseSupGap() {
        return SweepRow.meanByWidth(mse, SweepRow::supGap);
    }

    public boolean ceLeavesKernelMachine() {
        Map<Integer, double[]> mseGap = mseSupGap();
        return ce.stream().allMatch(r -> r.gapSlope() > 0 && r.gapEnd() >= Analysis.CE_GAP_FLOOR
                && mseGap.containsKey(r.width()) && r.gapEnd() >= Analysis.CE_OVER_MSE_GAP * mseGap.get(r.width())[0]);
    }

    public boolean mseTracksKernelRegression() {
        return widestRelativeGap < TrainClaims.GAP_TRACKING && (!several() || relativeGapSlope < Analysis.SHRINK_SLOPE);
    }

    /** Mean log10 t* over seeds does not fall from one width to the next and ends above where it started. */
    public boolean tStarGrows() {
        boolean increasing = true;
        for (int i = 1; i < meanLogTStars.size(); i++) {
            increasing &= meanLogTStars.get(i) >= meanLogTStars.get(i - 1);
        }
        return increasing && meanLogTStars.get(meanLogTStars.size() - 1) > meanLogTStars.get(0);
    }

    /** Theorem 2 on one cross-entropy run: when max_ij |K_t - Theta| first crossed the bound (NaN: never). */
    public record Theorem2Crossing(SweepRow run, double firstCrossing, double deviation0) {
        /** Above the bound at t_max, and by training: {@link Analysis#PROFILE_MOVE} times the deviation at t = 0. */
        public boolean byTraining() {
            return run.maxEntryDeviation() >= run.theorem2Bound() && run.maxEntryDeviation() >= Analysis.PROFILE_MOVE * deviation0;
        }
    }

    /** The evidence of {@code sweep} from its rows (both losses), reading Theorem 2's crossings from {@code dir}. */
    static SweepEvidence of(Path dir, Plan.Sweep sweep, List<SweepRow> rows) {
        List<SweepRow> ce = rows.stream().filter(r -> r.loss().equals("ce")).toList();
        List<SweepRow> mse = rows.stream().filter(r -> r.loss().equals("mse")).toList();
        boolean several = sweep.widths().size() >= 2;
        List<Theorem2Crossing> crossings = new ArrayList<>();
        for (SweepRow r : ce) {
            crossings.add(theorem2Crossing(dir, sweep, r));
        }
        int widest = sweep.widths().get(sweep.widths().size() - 1);
        List<Double> tStars = new ArrayList<>();
        if (several) {
            for (int w : sweep.widths()) {
                tStars.add(SweepRow.meanLogTStar(ce.stream().filter(r -> r.width() == w).toList()));
            }
        }
        return new SweepEvidence(sweep, ce, mse, crossings,
                several ? SweepRow.widthSlope(mse, SweepRow::supDInf) : Double.NaN,
                several ? SweepRow.widthSlope(ce, SweepRow::supDInf) : Double.NaN,
                several ? SweepRow.widthSlope(mse, SweepRow::relativeSupGap) : Double.NaN,
                SweepRow.meanByWidth(mse, SweepRow::relativeSupGap).get(widest)[0], tStars);
    }

    /** The first observation time with max_ij |K_t - Theta| >= the bound (NaN: never), and the deviation at t = 0. */
    private static Theorem2Crossing theorem2Crossing(Path dir, Plan.Sweep sweep, SweepRow r) {
        CsvFile csv = CsvFile.read(TrainTask.dir(dir, sweep.runName("ce", r.width(), r.seed()))
                .resolve(TrainTask.DEVIATION_FILE));
        double[] t = csv.column("t");
        double[] deviation = csv.column("max_entry_deviation");
        double first = Double.NaN;
        for (int k = 0; k < t.length; k++) {
            if (deviation[k] >= r.theorem2Bound()) {
                first = t[k];
                break;
            }
        }
        return new Theorem2Crossing(r, first, deviation[0]);
    }
}
