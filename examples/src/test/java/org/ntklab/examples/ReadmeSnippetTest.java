package org.ntklab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's library snippet is LibraryExample's imports and body, line for line. */
class ReadmeSnippetTest {
    @Test
    void readmeShowsTheCompiledExample() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("../README.md"));
        int start = readme.indexOf("```java");
        List<String> snippet = new ArrayList<>();
        for (int i = start + 1; !readme.get(i).equals("```"); i++) {
            snippet.add(readme.get(i).strip());
        }

        List<String> example = Files.readAllLines(Path.of("src/main/java/org/ntklab/examples/LibraryExample.java"));
        List<String> expected = new ArrayList<>();
        example.stream().filter(l -> l.startsWith("import ")).forEach(expected::add);
        expected.add("");
        int begin = example.indexOf("        // README begin");
        int end = example.indexOf("        // README end");
        example.subList(begin + 1, end).forEach(l -> expected.add(l.strip()));
        assertEquals(String.join("\n", expected), String.join("\n", snippet));
    }
}
