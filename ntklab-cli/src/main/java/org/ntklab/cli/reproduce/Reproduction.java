package org.ntklab.cli.reproduce;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ntklab.data.DataSpec;
import org.ntklab.train.ResourceCheck;
import org.ntklab.train.TrainingConfig;

/**
 * The plumbing every reproduce profile (synthetic/mnist, paper, scaling) shares around its own
 * tasks and analysis: the resource check before anything runs, the results recorded in run.json,
 * and the closing lines on the console.
 */
final class Reproduction {
    private Reproduction() {
    }

    /** Refuses a training task too large for this machine at once, not after the runs before it. */
    static void requireFits(List<Task> tasks) {
        for (Task task : tasks) {
            TrainingConfig config = task.trainConfig();
            if (config != null) {
                ResourceCheck.requireFits("run " + task.name(), ResourceCheck.training(config,
                        DataSpec.parse(config.data()).size()));
            }
        }
    }

    /** The first results of run.json: the verdicts, how many held and how many there are; callers add theirs. */
    static Map<String, Object> results(List<?> verdicts, long held) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("verdicts", verdicts);
        results.put("held", held);
        results.put("claims", verdicts.size());
        return results;
    }

    /** "N of M claims held", marked as a pipeline check in quick mode. */
    static void printHeld(PrintWriter out, long held, int claims, boolean quick) {
        out.println(held + " of " + claims + " claims held" + (quick ? " (quick mode: a pipeline check, not evidence)" : ""));
    }

    /** Where the report and the run directory are. */
    static void printWhere(PrintWriter out, Path finished) {
        out.println("report: " + finished.resolve(ReproduceReport.REPORT_FILE));
        out.println("run directory: " + finished);
    }
}
