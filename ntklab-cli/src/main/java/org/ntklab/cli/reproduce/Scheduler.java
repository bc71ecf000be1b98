package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ntklab.cli.Progress;
import org.ntklab.linalg.Blas;

/**
 * Runs tasks on a few worker threads, longest first (so that the last one to start is a short
 * one), and shows their combined progress weighted by their estimated costs. With more than one
 * worker, native OpenBLAS is switched to one thread per call: these products are small, and two
 * workers each spinning two BLAS threads on two cores run several times slower than one each.
 * Results do not depend on the number of workers or threads.
 */
final class Scheduler {
    private Scheduler() {
    }

    /** Runs every task; returns each task's wall seconds; the first failure cancels the rest and is thrown. */
    static Map<String, Double> runAll(List<Task> tasks, int jobs, Path runDir, Progress progress) throws Exception {
        if (jobs > 1) {
            singleThreadedBlas();
        }
        List<Task> order = new ArrayList<>(tasks);
        order.sort(Comparator.comparingDouble(Task::cost).reversed());
        double total = order.stream().mapToDouble(Task::cost).sum();
        Map<String, Double> fractions = new ConcurrentHashMap<>();
        Map<String, Double> seconds = new ConcurrentHashMap<>();
        Map<String, Boolean> running = new ConcurrentHashMap<>();
        Runnable show = () -> {
            double done = 0;
            for (Task t : order) {
                done += t.cost() * fractions.getOrDefault(t.name(), 0.0);
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
                    seconds.put(task.name(), (System.nanoTime() - start) / 1e9);
                    show.run();
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

    private static void singleThreadedBlas() {
        if (!Blas.isNative()) {
            return;
        }
        try {
            org.bytedeco.openblas.global.openblas.blas_set_num_threads(1);
        } catch (Throwable e) {
            // an older OpenBLAS binding: keep its default
        }
    }
}
