package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;

/**
 * Hands out parameter storage to layers while a network is built, in a fixed order. A fresh registry
 * allocates zeroed blocks; an adopting registry hands back the blocks of existing {@link BlockVector}
 * (restoring a checkpoint or cloning), checking that every shape matches.
 */
final class ParameterRegistry {
    private final List<String> names = new ArrayList<>();
    private final List<double[]> blocks = new ArrayList<>();
    private final BlockVector adopted;
    private String prefix = "";

    private ParameterRegistry(BlockVector adopted) {
        this.adopted = adopted;
    }

    static ParameterRegistry fresh() {
        return new ParameterRegistry(null);
    }

    static ParameterRegistry adopting(BlockVector existing) {
        return new ParameterRegistry(existing);
    }

    void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /** Index the next block will have in the built {@link BlockVector}. */
    int nextIndex() {
        return blocks.size();
    }

    Matrix matrix(String name, int rows, int cols) {
        return new Matrix(rows, cols, block(name, (long) rows * cols));
    }

    double[] vector(String name, int length) {
        return block(name, length);
    }

    private double[] block(String name, long length) {
        String full = prefix + name;
        double[] block;
        if (adopted == null) {
            if (length > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("parameter " + full + " has " + length + " entries, too many");
            }
            block = new double[(int) length];
        } else {
            int index = blocks.size();
            if (index >= adopted.blockCount() || adopted.block(index).length != length) {
                throw new IllegalArgumentException("parameters do not fit the architecture at " + full
                        + ": expected " + length + " entries");
            }
            block = adopted.block(index);
        }
        names.add(full);
        blocks.add(block);
        return block;
    }

    BlockVector build() {
        if (adopted != null && adopted.blockCount() != blocks.size()) {
            throw new IllegalArgumentException("parameters have " + adopted.blockCount()
                    + " blocks but the architecture needs " + blocks.size());
        }
        return adopted != null ? adopted : new BlockVector(names, blocks);
    }
}
