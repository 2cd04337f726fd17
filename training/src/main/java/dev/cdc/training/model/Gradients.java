package dev.cdc.training.model;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.TensorVector;

/** Whether a module's parameters take part in autograd. */
public final class Gradients {
    private Gradients() {
    }

    /**
     * Sets {@code requires_grad} on every parameter of {@code module}. A frozen module still
     * passes gradients through to its input; it just no longer computes (and accumulates) the
     * gradients of its own weights, which nothing would use.
     */
    public static void setRequired(Module module, boolean required) {
        TensorVector parameters = module.parameters();
        for (long i = 0; i < parameters.size(); i++) {
            parameters.get(i).requires_grad_(required);
        }
    }
}
