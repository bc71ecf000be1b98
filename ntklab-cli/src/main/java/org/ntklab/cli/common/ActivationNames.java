package org.ntklab.cli.common;

import java.util.Iterator;
import org.ntklab.activation.Activations;

/** The activations --activation accepts, for help texts and shell completion (read from the core's registry). */
public final class ActivationNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Activations.names().iterator();
    }
}
