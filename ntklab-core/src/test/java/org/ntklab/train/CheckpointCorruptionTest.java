package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged checkpoint.bin or metrics.csv is refused with a clear exception, never read as if it were
 * good, and refusing it loses nothing: the good files put back resume and finish exactly as an
 * uninterrupted run.
 *
 * <p>Two real runs are made once: {@code reference} runs uninterrupted to t = 1e3; {@code partial} is
 * stopped (an observer throws, as a kill would) right after observation {@value #STOP_AT} was logged
 * and before its checkpoint, so its checkpoint expects {@value #STOP_AT} - 1 rows and metrics.csv holds
 * one more. Every case below starts from a fresh copy of the partial run's files.
 */
class CheckpointCorruptionTest {
    private static final int STOP_AT = 12;
    private static final List<String> RUN_FILES = List.of(Checkpoint.FILE_NAME, "metrics.csv", "metrics.jsonl",
            "outputs.csv");

    @TempDir
    static Path tmp;

    private static Path reference;
    /** The partial run's files, name to bytes. */
    private static final Map<String, byte[]> partial = new LinkedHashMap<>();
    private static byte[] goodCheckpoint;
    private static Checkpoint goodState;
    private static List<double[]> keptRows;
    private static int caseCounter;

    static TrainingConfig config() {
        // gradient descent: the time-rescaled flow currently stalls on this network near t = 18 (ReLU kink)
        TrainingConfig b = TrainingConfig.defaults("fcn", 1, 16, 1.0, "circle:n=6", "ce");
        return b.with(java.util.Map.of("integrator", "gd", "lr", 0.5, "t-max", 1e3, "checkpoint-seconds", 1e-9));
    }

    private static final class Stop extends RuntimeException {
    }

    @BeforeAll
    static void makeRuns() throws IOException {
        reference = tmp.resolve("reference");
        TrainingRun.start(config(), reference).run(TrainingRun.ProgressListener.NONE);

        Path dir = tmp.resolve("partial");
        TrainingRun run = TrainingRun.start(config(), dir);
        int[] seen = {0};
        run.addObserver(o -> {
            if (++seen[0] == STOP_AT) {
                throw new Stop();
            }
        });
        assertThrows(Stop.class, () -> run.run(TrainingRun.ProgressListener.NONE));
        for (String name : RUN_FILES) {
            partial.put(name, Files.readAllBytes(dir.resolve(name)));
        }
        goodCheckpoint = partial.get(Checkpoint.FILE_NAME);
        goodState = Checkpoint.read(dir.resolve(Checkpoint.FILE_NAME));
        assertEquals(STOP_AT - 1, goodState.metricsRows());
        List<double[]> rows = MetricsLog.read(dir.resolve("metrics.csv"));
        assertEquals(STOP_AT, rows.size(), "metrics.csv holds the row logged after the last checkpoint");
        keptRows = rows.subList(0, goodState.metricsRows());
    }

    /** A new directory holding the partial run's files, with the given replacements. */
    private static Path partialCopy(Map<String, byte[]> replaced) throws IOException {
        Path dir = tmp.resolve("case-" + caseCounter++);
        Files.createDirectories(dir);
        for (String name : RUN_FILES) {
            byte[] content = replaced.containsKey(name) ? replaced.get(name) : partial.get(name);
            if (content != null) {
                Files.write(dir.resolve(name), content);
            }
        }
        return dir;
    }

    private static Path withCheckpoint(byte[] checkpoint) throws IOException {
        return partialCopy(Map.of(Checkpoint.FILE_NAME, checkpoint));
    }

    /** Resumes the run in dir to the end and checks it ends exactly like the uninterrupted run. */
    private static void finishesLikeReference(Path dir) throws IOException {
        TrainingRun.Result result = TrainingRun.resume(dir).run(TrainingRun.ProgressListener.NONE);
        assertTrue(result.reachedTMax());
        assertArrayEquals(Files.readAllBytes(reference.resolve(Checkpoint.FILE_NAME)),
                Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME)), "final checkpoints differ");
        List<double[]> a = MetricsLog.read(reference.resolve("metrics.csv"));
        List<double[]> b = MetricsLog.read(dir.resolve("metrics.csv"));
        assertEquals(a.size(), b.size());
        int wall = MetricsLog.column("wall_seconds");
        for (int i = 0; i < a.size(); i++) {
            double[] x = a.get(i).clone();
            double[] y = b.get(i).clone();
            x[wall] = 0;
            y[wall] = 0;
            assertArrayEquals(x, y, "metrics row " + i);
        }
        assertEquals(Files.readString(reference.resolve("outputs.csv")), Files.readString(dir.resolve("outputs.csv")));
    }

    /** The run's other files are untouched by a refused resume. */
    private static void otherFilesUntouched(Path dir) throws IOException {
        for (String name : List.of("metrics.csv", "metrics.jsonl", "outputs.csv")) {
            assertArrayEquals(partial.get(name), Files.readAllBytes(dir.resolve(name)), name + " was changed");
        }
    }

    private static Checkpoint.CorruptCheckpointException refusedByRead(byte[] content, String what) throws IOException {
        Path file = tmp.resolve("probe-" + Checkpoint.FILE_NAME);
        Files.write(file, content);
        try {
            Checkpoint c = Checkpoint.read(file);
            fail(what + ": a damaged checkpoint was read as good (" + c.parameters().length + " parameters)");
            return null;
        } catch (Checkpoint.CorruptCheckpointException e) {
            assertTrue(e.getMessage().contains(file.toString()), what + ": message does not name the file: "
                    + e.getMessage());
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": wrong exception type " + e, e);
        }
    }

    private static Checkpoint.CorruptCheckpointException refusedByResume(byte[] content, String what)
            throws IOException {
        Path dir = withCheckpoint(content);
        Checkpoint.CorruptCheckpointException e;
        try {
            TrainingRun.resume(dir);
            throw new AssertionError(what + ": resumed from a damaged checkpoint");
        } catch (Checkpoint.CorruptCheckpointException expected) {
            e = expected;
        } catch (RuntimeException other) {
            throw new AssertionError(what + ": wrong exception type " + other, other);
        }
        assertTrue(e.getMessage().contains(Checkpoint.FILE_NAME), e.getMessage());
        otherFilesUntouched(dir);
        return e;
    }

    /** Byte offsets of the checkpoint's sections, from the layout Checkpoint.write uses. */
    private static Map<String, Integer> landmarks() {
        int offset = 8 + 4 + 4; // magic, version, entry count
        for (Map.Entry<String, String> e : goodState.config().entrySet()) {
            offset += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length;
            offset += 2 + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        int configEnd = offset;
        offset += 4 + 8 * goodState.integratorState().length;
        offset += 4 + 8 * goodState.kernelMachineState().length;
        offset += 4 + 8; // metrics rows, parameter count
        int parametersStart = offset;
        int digestStart = parametersStart + 8 * goodState.parameters().length;
        assertEquals(goodCheckpoint.length, digestStart + 32, "layout assumed by this test");
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("empty file", 0);
        m.put("inside the magic", 5);
        m.put("after the magic", 8);
        m.put("inside the version", 10);
        m.put("inside the entry count", 13);
        m.put("inside the first key", 18);
        m.put("inside the configuration", configEnd / 2);
        m.put("after the configuration", configEnd);
        m.put("inside the integrator state", configEnd + 7);
        m.put("just before the parameters", parametersStart - 1);
        m.put("at the parameters", parametersStart);
        m.put("inside the parameters", (parametersStart + digestStart) / 2 + 3);
        m.put("just before the digest", digestStart);
        m.put("inside the digest", digestStart + 16);
        m.put("one byte short", goodCheckpoint.length - 1);
        return m;
    }

    @Test
    void goodFilesResumeAndFinishLikeAnUninterruptedRun() throws IOException {
        finishesLikeReference(partialCopy(Map.of()));
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        for (int length = 0; length < goodCheckpoint.length; length++) {
            refusedByRead(Arrays.copyOf(goodCheckpoint, length), "truncated to " + length + " bytes");
        }
        for (Map.Entry<String, Integer> m : landmarks().entrySet()) {
            Checkpoint.CorruptCheckpointException e = refusedByResume(Arrays.copyOf(goodCheckpoint, m.getValue()),
                    "truncated " + m.getKey() + " (" + m.getValue() + " bytes)");
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("too short")
                    || e.getMessage().contains("checksum"), e.getMessage());
        }
        // appended bytes are damage too
        byte[] longer = Arrays.copyOf(goodCheckpoint, goodCheckpoint.length + 1);
        refusedByResume(longer, "one byte appended");
        System.out.println("checkpoint truncation: " + goodCheckpoint.length + " lengths refused by Checkpoint.read, "
                + landmarks().size() + " by TrainingRun.resume");
    }

    @Test
    void everySingleBitFlipIsRefused() throws IOException {
        // every bit of the first 64 bytes (magic, version, counts, first strings) and of the digest,
        // one seeded random bit of every other byte
        SplittableRandom random = new SplittableRandom(8);
        int flips = 0;
        for (int position = 0; position < goodCheckpoint.length; position++) {
            boolean all = position < 64 || position >= goodCheckpoint.length - 32;
            int first = all ? 0 : random.nextInt(8);
            for (int bit = first; bit < (all ? 8 : first + 1); bit++) {
                byte[] damaged = goodCheckpoint.clone();
                damaged[position] ^= (byte) (1 << bit);
                refusedByRead(damaged, "bit " + bit + " of byte " + position + " flipped");
                flips++;
            }
        }
        // through resume: a flip at every landmark and at seeded random positions
        TreeSet<Integer> positions = new TreeSet<>(landmarks().values());
        positions.remove(0);
        positions.add(goodCheckpoint.length - 1);
        while (positions.size() < 40) {
            positions.add(random.nextInt(goodCheckpoint.length));
        }
        for (int position : positions) {
            byte[] damaged = goodCheckpoint.clone();
            int bit = random.nextInt(8);
            damaged[position] ^= (byte) (1 << bit);
            refusedByResume(damaged, "bit " + bit + " of byte " + position + " flipped");
        }
        System.out.println("checkpoint bit flips: " + flips + " refused by Checkpoint.read, " + positions.size()
                + " by TrainingRun.resume");
    }

    @Test
    void aRefusedCheckpointLosesNothing() throws IOException {
        Path dir = partialCopy(Map.of());
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        Path copy = tmp.resolve("checkpoint-copy.bin");
        Files.copy(file, copy);
        // several kinds of damage in turn, each refused, none touching the run's other files
        byte[] flipped = goodCheckpoint.clone();
        flipped[flipped.length / 2] ^= 0x10;
        for (byte[] damaged : List.of(new byte[0], Arrays.copyOf(goodCheckpoint, 100), flipped)) {
            Files.write(file, damaged);
            assertThrows(Checkpoint.CorruptCheckpointException.class, () -> TrainingRun.resume(dir));
            assertArrayEquals(damaged, Files.readAllBytes(file), "the refused file itself is left for inspection");
            otherFilesUntouched(dir);
        }
        // restoring the kept copy resumes and finishes exactly like the uninterrupted run
        Files.copy(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        finishesLikeReference(dir);
    }

    private static byte[] withDigest(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            byte[] out = Arrays.copyOf(body, body.length + digest.length);
            System.arraycopy(digest, 0, out, body.length, digest.length);
            return out;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void foreignCheckpointFilesAreRefusedSayingWhy() throws IOException {
        SplittableRandom random = new SplittableRandom(99);
        List<Object[]> cases = new ArrayList<>(); // what, content, expected message part
        for (int length : new int[] {1, 16, 43, 44, 1000, goodCheckpoint.length}) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            cases.add(new Object[] {length + " random bytes", bytes, length < 44 ? "too short" : "not an ntklab checkpoint"});
        }
        byte[] png = new byte[200];
        byte[] pngHead = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(pngHead, 0, png, 0, pngHead.length);
        cases.add(new Object[] {"a PNG image", png, "not an ntklab checkpoint"});
        byte[] text = "t,step,loss\n1.0,2,0.5\n".repeat(5).getBytes(StandardCharsets.US_ASCII);
        cases.add(new Object[] {"a CSV file", text, "not an ntklab checkpoint"});
        byte[] gzip = Arrays.copyOf(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 100);
        cases.add(new Object[] {"a gzip file", gzip, "not an ntklab checkpoint"});
        byte[] v99 = goodCheckpoint.clone();
        ByteBuffer.wrap(v99).putInt(8, 99);
        cases.add(new Object[] {"a version-99 checkpoint", v99, "version 99"});
        byte[] v99Signed = withDigest(Arrays.copyOf(v99, v99.length - 32));
        cases.add(new Object[] {"a version-99 checkpoint with its own checksum", v99Signed, "version 99"});
        byte[] v0 = goodCheckpoint.clone();
        ByteBuffer.wrap(v0).putInt(8, 0);
        cases.add(new Object[] {"a version-0 checkpoint", v0, "version 0"});
        byte[] otherMagic = goodCheckpoint.clone();
        otherMagic[7] = 'X';
        cases.add(new Object[] {"another program's magic", otherMagic, "not an ntklab checkpoint"});

        for (Object[] c : cases) {
            String what = (String) c[0];
            byte[] content = (byte[]) c[1];
            String expected = (String) c[2];
            for (RuntimeException e : List.of(refusedByRead(content, what), refusedByResume(content, what))) {
                assertTrue(e.getMessage().contains(expected), what + ": message does not say '" + expected + "': "
                        + e.getMessage());
            }
        }

        // a checkpoint written by a different program: sound file, but not a run's configuration
        Path dir = partialCopy(Map.of());
        new Checkpoint(Map.of("model", "something else"), new double[] {1}, new double[] {1, 2, 3}, new double[0], 0)
                .write(dir.resolve(Checkpoint.FILE_NAME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingRun.resume(dir));
        assertTrue(e.getMessage().contains("training configuration lacks"), e.getMessage());
        otherFilesUntouched(dir);

        // a sound file with this run's configuration whose state vectors have the wrong lengths
        // (as another version of ntklab might write them)
        Checkpoint good = Checkpoint.read(partialCopy(Map.of()).resolve(Checkpoint.FILE_NAME));
        List<Object[]> wrongLengths = List.of(
                new Object[] {"integrator state", new Checkpoint(good.config(), Arrays.copyOf(good.integratorState(),
                        good.integratorState().length - 1), good.parameters(), good.kernelMachineState(),
                        good.metricsRows()), "integrator state has"},
                new Object[] {"parameters", new Checkpoint(good.config(), good.integratorState(),
                        Arrays.copyOf(good.parameters(), good.parameters().length + 1), good.kernelMachineState(),
                        good.metricsRows()), "parameters but its configuration's network has"});
        for (Object[] c : wrongLengths) {
            Path wrong = partialCopy(Map.of());
            ((Checkpoint) c[1]).write(wrong.resolve(Checkpoint.FILE_NAME));
            RuntimeException refused = assertThrows(Checkpoint.CorruptCheckpointException.class,
                    () -> TrainingRun.resume(wrong), (String) c[0]);
            assertTrue(refused.getMessage().contains((String) c[2]), c[0] + ": " + refused.getMessage());
        }

        // no checkpoint at all, or a directory in its place
        Path empty = Files.createDirectories(tmp.resolve("empty-run"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingRun.resume(empty)).getMessage()
                .contains("has no " + Checkpoint.FILE_NAME));
        Files.createDirectories(empty.resolve(Checkpoint.FILE_NAME));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingRun.resume(empty)).getMessage()
                .contains("has no " + Checkpoint.FILE_NAME));
    }

    // ---- metrics.csv ----

    /** Resumes dir whose metrics.csv was damaged: refused with an ISE naming the file, or exactly the kept rows. */
    private static boolean refusedOrExact(Path dir, String what) throws IOException {
        try {
            TrainingRun run = TrainingRun.resume(dir);
            assertNotNull(run);
        } catch (IllegalStateException e) {
            assertNotNull(e.getMessage(), what);
            assertTrue(e.getMessage().contains("metrics.csv"), what + ": message does not name metrics.csv: "
                    + e.getMessage());
            assertArrayEquals(goodCheckpoint, Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME)));
            return true;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": wrong exception type " + e, e);
        }
        // accepted: then the rows it continues from must be exactly the good ones
        List<double[]> rows = MetricsLog.read(dir.resolve("metrics.csv"));
        assertEquals(keptRows.size(), rows.size(), what);
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(keptRows.get(i), rows.get(i), what + ": row " + i + " silently changed");
        }
        return false;
    }

    /** Offset just past the last row the checkpoint needs (header + kept rows, with newlines). */
    private static int keptRegionEnd() {
        byte[] csv = partial.get("metrics.csv");
        int lines = 0;
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '\n' && ++lines == 1 + keptRows.size()) {
                return i + 1;
            }
        }
        throw new AssertionError("metrics.csv too short");
    }

    @Test
    void truncatedMetricsAreRefused() throws IOException {
        byte[] csv = partial.get("metrics.csv");
        int keptEnd = keptRegionEnd();
        int refused = 0;
        int cases = 0;
        for (int length = 0; length < csv.length; length += (length < keptEnd - 300 ? 7 : 1)) {
            Path dir = partialCopy(Map.of("metrics.csv", Arrays.copyOf(csv, length)));
            boolean wasRefused = refusedOrExact(dir, "metrics.csv truncated to " + length + " bytes");
            if (length < keptEnd) {
                assertTrue(wasRefused, "metrics.csv truncated to " + length + " bytes (inside the rows the checkpoint"
                        + " needs) was accepted");
            }
            refused += wasRefused ? 1 : 0;
            cases++;
        }
        System.out.println("metrics.csv truncation: " + cases + " cases, " + refused + " refused, the rest resumed"
                + " with exactly the checkpoint's rows");
    }

    @Test
    void garbledMetricsAreRefusedOrHarmless() throws IOException {
        byte[] csv = partial.get("metrics.csv");
        int keptEnd = keptRegionEnd();
        SplittableRandom random = new SplittableRandom(2024);
        int refused = 0;
        int cases = 300;
        for (int c = 0; c < cases; c++) {
            byte[] damaged = csv.clone();
            int changes = 1 + random.nextInt(3);
            for (int k = 0; k < changes; k++) {
                int position = random.nextInt(csv.length);
                switch (random.nextInt(3)) {
                    case 0 -> damaged[position] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> damaged[position] = (byte) "0123456789.-E,\n ".charAt(random.nextInt(16));
                    default -> damaged[position] = (byte) random.nextInt(256);
                }
            }
            if (Arrays.equals(damaged, csv)) {
                continue;
            }
            refused += refusedOrExact(partialCopy(Map.of("metrics.csv", damaged)), "garbled metrics.csv case " + c)
                    ? 1 : 0;
        }
        // a changed digit inside the rows the checkpoint needs: a well-formed file with a wrong number
        byte[] digit = csv.clone();
        int header = new String(csv, StandardCharsets.US_ASCII).indexOf('\n') + 1;
        for (int i = header + (keptEnd - header) / 2; ; i++) {
            // the leading digit of a cell (a change in a 17th significant digit can name the same double,
            // which was then rightly accepted), not in the last column (wall_seconds, which differs from
            // run to run and is not a result)
            boolean leading = digit[i - 1] == ',' || digit[i - 1] == '\n'
                    || digit[i - 1] == '-' && (digit[i - 2] == ',' || digit[i - 2] == '\n');
            if (leading && digit[i] >= '1' && digit[i] <= '8' && commaBeforeLineEnd(digit, i)) {
                digit[i]++;
                break;
            }
        }
        assertTrue(refusedOrExact(partialCopy(Map.of("metrics.csv", digit)), "one digit changed"),
                "a changed digit in a needed row was accepted");
        System.out.println("metrics.csv garbling: " + cases + " cases, " + refused + " refused, the rest resumed with"
                + " exactly the checkpoint's rows");
    }

    private static boolean commaBeforeLineEnd(byte[] text, int from) {
        for (int i = from; i < text.length && text[i] != '\n'; i++) {
            if (text[i] == ',') {
                return true;
            }
        }
        return false;
    }

    @Test
    void foreignMetricsFilesAreRefusedSayingWhy() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] noise = new byte[3000];
        random.nextBytes(noise);
        byte[] png = new byte[300];
        byte[] pngHead = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(pngHead, 0, png, 0, pngHead.length);
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("random bytes", noise);
        cases.put("a PNG image", png);
        cases.put("the checkpoint", goodCheckpoint);
        cases.put("outputs.csv", partial.get("outputs.csv"));
        cases.put("metrics.jsonl", partial.get("metrics.jsonl"));
        cases.put("an empty file", new byte[0]);
        cases.put("the header alone", Arrays.copyOf(partial.get("metrics.csv"),
                new String(partial.get("metrics.csv"), StandardCharsets.US_ASCII).indexOf('\n') + 1));
        Map<String, String> expected = Map.of("random bytes", "not UTF-8 text", "a PNG image", "not UTF-8 text",
                "the checkpoint", "not UTF-8 text", "outputs.csv", "unexpected header", "metrics.jsonl",
                "unexpected header", "an empty file", "unexpected header", "the header alone", "has 0 rows");
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path dir = partialCopy(Map.of("metrics.csv", c.getValue()));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingRun.resume(dir),
                    c.getKey());
            assertTrue(e.getMessage().contains("metrics.csv") && e.getMessage().contains(expected.get(c.getKey())),
                    c.getKey() + ": " + e.getMessage());
            assertArrayEquals(goodCheckpoint, Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME)));
        }
        // metrics.csv gone while the checkpoint expects rows
        Path dir = partialCopy(Map.of());
        Files.delete(dir.resolve("metrics.csv"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingRun.resume(dir));
        assertTrue(e.getMessage().contains("metrics.csv") && e.getMessage().contains("missing"), e.getMessage());
        // putting the good file back resumes and finishes like the uninterrupted run
        Files.write(dir.resolve("metrics.csv"), partial.get("metrics.csv"));
        finishesLikeReference(dir);
    }
}
