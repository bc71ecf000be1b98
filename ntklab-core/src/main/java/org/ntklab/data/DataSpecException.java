package org.ntklab.data;

/** A data-set spec string that does not follow the grammar; the message quotes the spec and the grammar. */
public class DataSpecException extends IllegalArgumentException {
    public DataSpecException(String message) {
        super(message);
    }
}
