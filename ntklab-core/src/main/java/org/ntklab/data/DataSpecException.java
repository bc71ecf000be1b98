package org.ntklab.data;

import org.ntklab.io.InvalidInputException;

/** A data-set spec string that does not follow the grammar; the message quotes the spec and the grammar. */
public class DataSpecException extends InvalidInputException {
    public DataSpecException(String message) {
        super(message);
    }
}
