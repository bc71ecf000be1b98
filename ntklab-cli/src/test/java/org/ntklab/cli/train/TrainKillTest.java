package org.ntklab.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.RunLock;

/**
 * {@code ntklab train} in real processes, SIGKILLed at random moments (the first one within the
 * first second, before the JVM has even made the run directory; the others at random times after
 * the run has reached set shares of its training, the last while it writes its outputs; progress,
 * not the clock, places them, so a fast machine cannot finish the run first) and each time continued by the
 * name given at --out: with {@code --resume NAME} once the directory exists, with the original
 * command when the kill came before it did. The final metrics (wall time aside) and outputs are
 * those of an uninterrupted run, and nothing hidden or temporary is left. One resume also meets a
 * second, concurrent one, which the lock refuses with exit code 2 and the holder's pid; the first
 * is then killed too, and the run still ends as the uninterrupted one.
 *
 * <p>A handful of kills keeps it short; {@code scripts/kill-test.sh} does the 20 with the
 * launcher, and {@code -Dntklab.cli.kills=N} here.
 */
class TrainKillTest {
    private static final int KILLS = Integer.getInteger("ntklab.cli.kills", 4);

    @TempDir
    Path tmp;

    private Process launch(Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static String[] original(String out) {
        List<String> args = new ArrayList<>(List.of(CrashSafetyTest.SMALL));
        // a run of a few seconds (about 70 metric rows), so that the kills placed by its progress fall apart
        args.set(args.indexOf("1000"), "1e30");
        args.set(args.indexOf("16"), "128");
        args.addAll(List.of("--checkpoint-seconds", "0.2", "--out", out));
        return args.toArray(String[]::new);
    }

    @Test
    void killedRunsResumeByTheirNameToTheUninterruptedResult() throws Exception {
        Path reference = tmp.resolve("reference");
        Cli.Result uninterrupted = Cli.run(original(reference.toString()));
        assertEquals(ExitCodes.OK, uninterrupted.exitCode(), uninterrupted.err());

        long referenceRows = rows(reference.resolve("metrics.csv"));
        Path log = tmp.resolve("killed.log");
        Path run = tmp.resolve("killed");
        Random random = new Random(19);
        int kills = 0;
        int launches = 0;
        boolean concurrentChecked = false;
        while (true) {
            launches++;
            assertTrue(launches < 60, () -> "the resumes did not finish the run; log:\n" + readQuietly(log));
            // before run.json the JVM was killed while starting: nothing to resume, the command is run again
            boolean exists = Files.isRegularFile(run.resolve("run.json"));
            Process p = exists ? launch(log, "train", "--resume", "killed", "-q") : launch(log, original("killed"));
            if (kills < KILLS) {
                boolean killed;
                if (kills == 0) {
                    // the first kill within the first second, before the JVM has made the run directory
                    killed = !p.waitFor(300 + random.nextInt(700), TimeUnit.MILLISECONDS);
                } else {
                    // later kills at moments set by the run's progress, not the clock, so that a faster
                    // machine cannot finish the run first: the middle ones once metrics.csv has reached
                    // its next share of the reference's rows, the last one while the outputs are written
                    boolean last = kills == KILLS - 1;
                    long rowsWanted = referenceRows * kills / (KILLS - 1);
                    killed = last
                            ? waitUntil(p, () -> Files.exists(run.resolve("ntk_final.npy")))
                            : waitUntil(p, () -> rows(run.resolve("metrics.csv")) >= rowsWanted);
                    killed = killed && !p.waitFor(random.nextInt(last ? 300 : 100), TimeUnit.MILLISECONDS);
                }
                if (killed) {
                    p.destroyForcibly().waitFor(); // SIGKILL
                    kills++;
                    continue;
                }
            } else if (!concurrentChecked) {
                // two writers at once: the second (a resume) is refused, the first is killed, the run goes on
                concurrentChecked = concurrentResumeIsRefused(p);
                p.destroyForcibly().waitFor();
                continue;
            }
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the last resume did not finish");
            assertEquals(0, p.exitValue(), () -> readQuietly(log));
            break;
        }
        System.out.println("cli kill test: " + kills + " SIGKILLs, " + launches + " launches, a concurrent resume "
                + (concurrentChecked ? "refused and its holder killed" : "not met"));
        assertEquals(KILLS, kills, "the run finished before it could be killed " + KILLS + " times");
        assertTrue(concurrentChecked, "no resume was met by a concurrent one");
        assertEquals("complete", CrashSafetyTest.status(run));
        assertEquals(CrashSafetyTest.metricsWithoutWallTime(reference), CrashSafetyTest.metricsWithoutWallTime(run));
        assertEquals(Files.readString(reference.resolve("outputs.csv")), Files.readString(run.resolve("outputs.csv")));
        for (String file : new String[] {"ntk_analytic.npy", "ntk_initial.npy", "ntk_final.npy"}) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(reference.resolve(file)),
                    Files.readAllBytes(run.resolve(file))), file + " differs");
        }
        assertEquals(List.of(), CrashSafetyTest.hiddenOrTemporary(tmp), "hidden or temporary files left");
    }

    /**
     * Once {@code first} holds the lock, stops it (SIGSTOP, so that it cannot finish meanwhile) and
     * starts a second resume, which must be refused at once naming first's pid. False when first
     * ended before it took the lock.
     */
    private boolean concurrentResumeIsRefused(Process first) throws Exception {
        Path lock = tmp.resolve("killed").resolve(RunLock.FILE_NAME);
        String holder = "pid " + first.pid() + " ";
        if (!waitUntil(first, () -> Files.exists(lock) && readQuietly(lock).startsWith(holder))) {
            return false;
        }
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(first.pid())).start().waitFor());
        Path secondLog = tmp.resolve("second.log");
        Process second = launch(secondLog, "train", "--resume", "killed", "-q");
        assertTrue(second.waitFor(2, TimeUnit.MINUTES));
        String err = Files.readString(secondLog);
        Files.delete(secondLog);
        assertEquals(ExitCodes.USAGE, second.exitValue(), err);
        assertTrue(err.contains("being written by another process (pid " + first.pid()), err);
        return true;
    }

    /** Polls until {@code reached} holds; false when p ended first. */
    private static boolean waitUntil(Process p, BooleanSupplier reached) throws InterruptedException {
        while (!reached.getAsBoolean()) {
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static long rows(Path csv) {
        try (var lines = Files.lines(csv)) {
            return lines.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // not there yet, or being replaced
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
