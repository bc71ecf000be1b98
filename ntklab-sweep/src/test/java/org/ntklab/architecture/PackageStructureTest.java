package org.ntklab.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of ntklab (core, CLI and sweep modules, read from the compiled classes):
 * no package depends on itself through others, and docs/architecture.md shows the dependencies as
 * they are. Run {@code scripts/package-diagram.sh} to redraw the diagram after a change.
 */
class PackageStructureTest {
    private static final String ROOT = "org.ntklab";
    private static final String BEGIN = "<!-- package-diagram:begin (scripts/package-diagram.sh writes this block) -->";
    private static final String END = "<!-- package-diagram:end -->";

    private static Map<String, Set<String>> dependencies;

    @BeforeAll
    static void readClasses() {
        // the other modules are directories under `mvn test` and jars under `mvn package`: both count
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        dependencies = packageDependencies(classes);
    }

    /** package -> the other ntklab packages its classes use (fields, calls, signatures, annotations). */
    static Map<String, Set<String>> packageDependencies(JavaClasses classes) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = c.getPackageName();
            if (!from.startsWith(ROOT)) {
                continue;
            }
            Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith(ROOT + ".") && !to.equals(from) && !d.getTargetClass().isArray()) {
                    targets.add(to);
                }
            }
        }
        return graph;
    }

    /** Every cycle found by a depth-first search, as a path a -> b -> ... -> a (empty when acyclic). */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>(); // 1: on the current path, 2: done
        Deque<String> path = new ArrayDeque<>();
        for (String start : graph.keySet()) {
            visit(start, graph, state, path, found);
        }
        return found;
    }

    private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                              Deque<String> path, List<String> found) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return;
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>();
            boolean on = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String p = it.next();
                on |= p.equals(node);
                if (on) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            found.add(String.join(" -> ", cycle));
            return;
        }
        state.put(node, 1);
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            visit(next, graph, state, path, found);
        }
        path.pop();
        state.put(node, 2);
    }

    @Test
    void noPackageCycles() {
        assertTrue(dependencies.size() > 10, "the classes of the core, CLI and sweep modules were found: " + dependencies.keySet());
        List<String> cycles = cycles(dependencies);
        assertTrue(cycles.isEmpty(), "package cycles:\n" + String.join("\n", cycles));
    }

    @Test
    void cycleSearchFindsAPlantedCycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of()));
        assertEquals(List.of("a -> b -> c -> a"), cycles(graph));
        graph.put("c", Set.of("d"));
        assertEquals(List.of(), cycles(graph));
    }

    @Test
    void diagramInTheDocsIsDrawnFromTheCode() throws IOException {
        Path doc = projectRoot().resolve("docs/architecture.md");
        String text = Files.readString(doc);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            fail(doc + " lacks the block between " + BEGIN + " and " + END);
        }
        String current = text.substring(begin, end + END.length());
        String drawn = BEGIN + "\n" + diagram(dependencies) + END;
        if ("1".equals(System.getenv("NTKLAB_UPDATE_DOCS"))) {
            Files.writeString(doc, text.substring(0, begin) + drawn + text.substring(end + END.length()));
            return;
        }
        assertEquals(drawn, current, "docs/architecture.md is out of date: run scripts/package-diagram.sh");
    }

    /** A Mermaid flowchart: one node per package (grouped by module), one arrow per dependency. */
    static String diagram(Map<String, Set<String>> graph) {
        Map<String, List<String>> byModule = new TreeMap<>();
        Set<String> all = new TreeSet<>(graph.keySet());
        graph.values().forEach(all::addAll);
        for (String p : all) {
            byModule.computeIfAbsent(module(p), k -> new ArrayList<>()).add(p);
        }
        StringBuilder out = new StringBuilder("```mermaid\nflowchart TB\n");
        for (var e : byModule.entrySet()) {
            out.append("  subgraph ").append(e.getKey().replace('-', '_')).append(" [\"").append(e.getKey()).append("\"]\n");
            for (String p : e.getValue()) {
                out.append("    ").append(id(p)).append("[\"").append(p.substring(ROOT.length() + 1)).append("\"]\n");
            }
            out.append("  end\n");
        }
        for (var e : graph.entrySet()) {
            for (String to : e.getValue()) {
                out.append("  ").append(id(e.getKey())).append(" --> ").append(id(to)).append('\n');
            }
        }
        out.append("```\n\n| package | uses |\n|---|---|\n");
        for (var e : graph.entrySet()) {
            out.append("| ").append(e.getKey().substring(ROOT.length() + 1)).append(" | ")
                    .append(String.join(", ", e.getValue().stream().map(p -> p.substring(ROOT.length() + 1)).toList()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String module(String pkg) {
        if (pkg.startsWith(ROOT + ".sweep")) {
            return "ntklab-sweep";
        }
        return pkg.startsWith(ROOT + ".cli") ? "ntklab-cli" : "ntklab-core";
    }

    private static String id(String pkg) {
        return pkg.substring(ROOT.length() + 1).replace('.', '_');
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs").resolve("cli.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no project root (a directory with docs/cli.md) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
