package org.ntklab.cli.train;

import java.util.Map;

/**
 * The results of a training run as recorded in run.json: how far it got and the metrics at the
 * first and the last observation (metrics.csv has them all).
 *
 * @param status              running, complete (reached t-max), stopped (max-steps reached first),
 *                            interrupted, failed, or incomplete (finished, but the report is missing)
 * @param message             why it failed, or null
 * @param t                   flow time reached
 * @param steps               integrator steps taken
 * @param trainingWallSeconds wall time spent training, over all sessions of a resumed run
 * @param n                   training samples, d input dimension, outputs network outputs
 * @param observations        rows in metrics.csv
 * @param initial             the metrics at t = 0 (NaN values left out)
 * @param last                the metrics at the last observation
 */
public record TrainResults(String status, String message, double t, long steps, double trainingWallSeconds,
                           int n, int d, int outputs, int observations, Map<String, Double> initial,
                           Map<String, Double> last) {
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String STOPPED = "stopped";
    public static final String INTERRUPTED = "interrupted";
    public static final String FAILED = "failed";
    /** Trained to the end, but a final file (the report) could not be written; --resume completes it. */
    public static final String INCOMPLETE = "incomplete";

    public TrainResults withStatus(String newStatus, String newMessage) {
        return new TrainResults(newStatus, newMessage, t, steps, trainingWallSeconds, n, d, outputs, observations,
                initial, last);
    }
}
