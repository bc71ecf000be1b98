package org.ntklab.flow;

/** A non-finite number appeared during training: names the step, the flow time and the quantity. */
public class NumericalFailureException extends RuntimeException {
    private final long step;
    private final double time;
    private final String quantity;

    public NumericalFailureException(long step, double time, String quantity) {
        super("non-finite " + quantity + " at step " + step + ", flow time t = " + time
                + " (try a smaller learning rate or the time-rescaled integrator)");
        this.step = step;
        this.time = time;
        this.quantity = quantity;
    }

    /** A failure with its own message (a dead network). */
    protected NumericalFailureException(long step, double time, String quantity, String message) {
        super(message);
        this.step = step;
        this.time = time;
        this.quantity = quantity;
    }

    public long step() {
        return step;
    }

    public double time() {
        return time;
    }

    public String quantity() {
        return quantity;
    }
}
