package org.ntklab.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which stored classes a data set uses and how they map to class indices 0..k-1: a list of classes
 * (index = position in the list), every class of the source (in increasing label order), or the
 * paper's parity task (index 0 = even label, 1 = odd label).
 */
record ClassSelection(Mode mode, int[] classes) {

    enum Mode { LIST, PARITY, ALL }

    static ClassSelection all() {
        return new ClassSelection(Mode.ALL, new int[0]);
    }

    static ClassSelection parity() {
        return new ClassSelection(Mode.PARITY, new int[0]);
    }

    static ClassSelection of(int... classes) {
        return new ClassSelection(Mode.LIST, classes.clone());
    }

    /** The spec item that gives this selection back. */
    String specText() {
        return switch (mode) {
            case ALL -> "all";
            case PARITY -> "parity";
            case LIST -> "classes=" + Arrays.stream(classes).mapToObj(Integer::toString).collect(Collectors.joining(","));
        };
    }

    /** The selection checked against the labels a source really has. */
    record Resolved(Map<Integer, Integer> indexOfLabel, String[] classNames) {
        /** Class index of a stored label, or -1 when the label is not selected. */
        int indexOf(int label) {
            return indexOfLabel.getOrDefault(label, -1);
        }

        int numClasses() {
            return classNames.length;
        }
    }

    Resolved resolve(LabelledSamples samples) {
        SortedSet<Integer> present = new TreeSet<>();
        for (int i = 0; i < samples.size(); i++) {
            present.add(samples.label(i));
        }
        Map<Integer, Integer> indexOfLabel = new HashMap<>();
        String[] names;
        switch (mode) {
            case ALL -> {
                names = new String[present.size()];
                int k = 0;
                for (int label : present) {
                    indexOfLabel.put(label, k);
                    names[k++] = samples.className(label);
                }
            }
            case PARITY -> {
                for (int label : present) {
                    indexOfLabel.put(label, Math.floorMod(label, 2));
                }
                names = new String[] {"even", "odd"};
                if (!indexOfLabel.containsValue(0) || !indexOfLabel.containsValue(1)) {
                    throw new DataFormatException(samples.source() + ": the parity task needs both even and odd labels, "
                            + "but the source has only the classes " + present);
                }
            }
            case LIST -> {
                names = new String[classes.length];
                for (int k = 0; k < classes.length; k++) {
                    if (!present.contains(classes[k])) {
                        throw new DataFormatException(samples.source() + ": class " + classes[k]
                                + " does not exist; the classes present are " + describe(present));
                    }
                    indexOfLabel.put(classes[k], k);
                    names[k] = samples.className(classes[k]);
                }
            }
            default -> throw new AssertionError(mode);
        }
        if (names.length < 2) {
            throw new DataFormatException(samples.source() + ": a classification set needs at least two classes, "
                    + "but the source has only " + present);
        }
        return new Resolved(indexOfLabel, names);
    }

    private static String describe(SortedSet<Integer> present) {
        boolean contiguous = present.last() - present.first() + 1 == present.size();
        return contiguous && present.size() > 2 ? present.first() + ".." + present.last() : present.toString();
    }
}
