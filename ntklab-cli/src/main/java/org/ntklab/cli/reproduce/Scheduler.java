package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ntklab.cli.common.Progress;
import org.ntklab.linalg.Blas;

/**
 * Runs tasks on a few worker threads, longest first (so that the last one to start is a short
 * one), and shows their combined progress weighted by their estimated costs. Results do not depend
 * on the number of workers.
 *
 * <p>Native OpenBLAS must then run single-threaded, which only the environment variable
 * {@code OPENBLAS_NUM_THREADS=1} achieves (it is read when the library loads; changing the thread
 * count later leaves calls from several Java threads serialised on OpenBLAS's thread server, and
 * two workers then run slower than one). The {@code ./ntklab} launcher sets it for
 * {@code reproduce}; without it the default is one worker.
 */
final class Scheduler {
    private Scheduler() {
    }

    /**
     * Runs every task; returns each task's wall seconds (its own record where it keeps one, added over
     * the legs of a resumed reproduction; else this leg's clock); the first failure cancels the rest
     * and is thrown.
     */
    static Map<String, Double> runAll(List<Task> tasks, int jobs, Path runDir, Progress progress) throws Exception {
        List<Task> order = new ArrayList<>(tasks);
        order.sort(Comparator.comparingDouble(Task::cost).reversed());
        // a resumed reproduction: what was done before counts neither as work nor as progress
        Set<String> before = new HashSet<>();
        for (Task t : order) {
            if (t.done(runDir)) {
                before.add(t.name());
            }
        }
        if (!before.isEmpty()) {
            progress.milestone(before.size() + " of " + order.size() + " tasks were done before; running the other "
                    + (order.size() - before.size()));
        }
        double total = Math.max(1e-9, order.stream().filter(t -> !before.contains(t.name())).mapToDouble(Task::cost).sum());
        Map<String, Double> fractions = new ConcurrentHashMap<>();
        Map<String, Double> seconds = new ConcurrentHashMap<>();
        Map<String, Boolean> running = new ConcurrentHashMap<>();
        Runnable show = () -> {
            double done = 0;
            for (Task t : order) {
                if (!before.contains(t.name())) {
                    done += t.cost() * fractions.getOrDefault(t.name(), 0.0);
                }
            }
            progress.update(done / total);
            progress.message(seconds.size() + "/" + order.size() + " done; " + String.join(", ", running.keySet()));
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread thread = new Thread(r, "ntklab-reproduce");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : order) {
                if (before.contains(task.name())) {
                    seconds.put(task.name(), task.recordedSeconds(runDir).orElse(0.0)); // kept as it was
                    continue;
                }
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    running.put(task.name(), true);
                    try {
                        task.run(runDir, f -> {
                            fractions.put(task.name(), Math.max(0, Math.min(1, f)));
                            show.run();
                        });
                    } catch (Exception e) {
                        throw new TaskFailedException(task.name(), e);
                    } finally {
                        running.remove(task.name());
                    }
                    fractions.put(task.name(), 1.0);
                    double taken = (System.nanoTime() - start) / 1e9;
                    // a training run continued from a checkpoint counts its earlier legs too
                    seconds.put(task.name(), task.recordedSeconds(runDir).orElse(taken));
                    show.run();
                    // in a log: one line per finished task, so a long reproduction is seen to move
                    progress.milestone(String.format(Locale.ROOT, "%d/%d done (%s in %.1f s)%s", seconds.size(),
                            order.size(), task.name(), taken,
                            running.isEmpty() ? "" : "; running " + String.join(", ", running.keySet())));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    for (Future<?> other : futures) {
                        other.cancel(true);
                    }
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception exception) {
                        throw exception;
                    }
                    throw (Error) cause;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (Task t : tasks) {
            ordered.put(t.name(), seconds.get(t.name()));
        }
        return ordered;
    }

    /** A task failed: its name and the reason. */
    static final class TaskFailedException extends RuntimeException {
        TaskFailedException(String task, Exception cause) {
            super(task + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        }
    }

    /** Whether several workers can run in this JVM without contending for OpenBLAS's threads. */
    static boolean parallelSafe() {
        return !Blas.isNative() || "1".equals(System.getenv("OPENBLAS_NUM_THREADS"));
    }

    /** The default number of workers: one per processor when {@link #parallelSafe}, else one. */
    static int defaultJobs() {
        return parallelSafe() ? Runtime.getRuntime().availableProcessors() : 1;
    }
}
