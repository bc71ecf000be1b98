package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process killed with SIGKILL at random moments and resumed each time ends in exactly
 * the state of an uninterrupted run: the same checkpoint bytes and the same metrics (wall time aside).
 */
class KillAndResumeTest {
    private static final int KILLS = Integer.getInteger("ntklab.kills", 20);

    static Process launch(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ResumeMain.class.getName(),
                dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile())
                .start();
    }

    @Test
    void killedAndResumedRunEqualsUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path reference = tmp.resolve("reference");
        Process p = launch(reference);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "reference run did not finish");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("reference.log")));

        Path killed = tmp.resolve("killed");
        Random random = new Random(42);
        int kills = 0;
        int attempts = 0;
        while (true) {
            attempts++;
            assertTrue(attempts < 200, "resumes did not finish the run");
            Process q = launch(killed);
            if (kills < KILLS) {
                long delay = 400 + random.nextInt(1200);
                if (!q.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    q.destroyForcibly().waitFor();
                    kills++;
                    continue;
                }
            } else {
                assertTrue(q.waitFor(5, TimeUnit.MINUTES), "final resume did not finish");
            }
            assertEquals(0, q.exitValue(), Files.readString(tmp.resolve("killed.log")));
            break;
        }
        System.out.println("kill-and-resume: " + kills + " SIGKILLs survived in " + attempts + " launches");
        assertTrue(kills >= Math.min(KILLS, 1), "the run finished before it could be killed");

        assertArrayEquals(Files.readAllBytes(reference.resolve(Checkpoint.FILE_NAME)),
                Files.readAllBytes(killed.resolve(Checkpoint.FILE_NAME)), "final checkpoints differ");
        List<double[]> a = MetricsLog.read(reference.resolve("metrics.csv"));
        List<double[]> b = MetricsLog.read(killed.resolve("metrics.csv"));
        assertEquals(a.size(), b.size());
        int wall = MetricsLog.column("wall_seconds");
        for (int i = 0; i < a.size(); i++) {
            a.get(i)[wall] = 0;
            b.get(i)[wall] = 0;
            assertArrayEquals(a.get(i), b.get(i), "metrics row " + i);
        }
        assertEquals(Files.readString(reference.resolve("outputs.csv")), Files.readString(killed.resolve("outputs.csv")));
    }
}
