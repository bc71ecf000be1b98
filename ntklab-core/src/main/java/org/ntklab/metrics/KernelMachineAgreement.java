package org.ntklab.metrics;

import java.util.List;
import org.ntklab.dynamics.KernelMachine;
import org.ntklab.linalg.Matrix;

/**
 * The network against the NTK kernel machine trained beside it: the kernel gap max_i |f_i - u_i|,
 * and the machine's loss, largest output and test accuracy. Missing without a kernel machine.
 */
public final class KernelMachineAgreement implements Metric {
    public static final String KERNEL_GAP = "kernel_gap";
    public static final String KM_LOSS = "km_loss";
    public static final String KM_MAX_ABS_U = "km_max_abs_u";
    public static final String KM_TEST_ACCURACY = "km_test_accuracy";

    @Override
    public List<String> columns() {
        return List.of(KERNEL_GAP, KM_LOSS, KM_MAX_ABS_U, KM_TEST_ACCURACY);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        KernelMachine machine = s.setup().kernelMachine();
        if (machine == null) {
            return;
        }
        Matrix u = s.kernelMachineOutputs();
        row.set(KERNEL_GAP, s.trainOutputs().distanceMax(u));
        row.set(KM_LOSS, machine.loss());
        row.set(KM_MAX_ABS_U, u.maxAbs());
        if (s.setup().testInputs() != null) {
            row.set(KM_TEST_ACCURACY, s.setup().loss().accuracy(machine.testOutputs(), s.setup().testTargets()));
        }
    }
}
