package org.ntklab.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    private List<String> contents() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            return files.filter(p -> !p.equals(tmp)).map(p -> tmp.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void appearsOnlyWhenFinished() throws IOException {
        Path target = tmp.resolve("a/b/run");
        try (RunDirectory run = RunDirectory.create(target)) {
            Files.writeString(run.resolve("x.txt"), "x");
            assertFalse(Files.exists(target), "not visible before finish");
            assertEquals(target.toAbsolutePath(), run.finish());
        }
        assertEquals(List.of("a", "a/b", "a/b/run", "a/b/run/x.txt"), contents());
    }

    @Test
    void closingUnfinishedRemovesEverythingItCreated() throws IOException {
        try (RunDirectory run = RunDirectory.create(tmp.resolve("a/b/run"))) {
            Files.writeString(run.resolve("half.npy"), "half-written");
        }
        assertEquals(List.of(), contents());
    }

    @Test
    void replacesAnEmptyDirectoryButNeverAFullOne() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        try (RunDirectory run = RunDirectory.create(empty)) {
            Files.writeString(run.resolve("x.txt"), "x");
            run.finish();
        }
        assertTrue(Files.exists(empty.resolve("x.txt")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(empty));
        assertTrue(e.getMessage().contains("already exists and is not empty"), e.getMessage());
    }

    @Test
    void aTargetFilledMeanwhileGetsASuffixInsteadOfLosingTheRun() throws IOException {
        Path target = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.create(target)) {
            Files.createDirectories(target);
            Files.writeString(target.resolve("other.txt"), "someone else's");
            Files.writeString(run.resolve("x.txt"), "x");
            assertEquals(tmp.resolve("run-2").toAbsolutePath(), run.finish());
        }
        assertEquals(List.of("run", "run-2", "run-2/x.txt", "run/other.txt"), contents());
    }
}
