package io.zkml.service.store;

/** What a job does: compile a model and make its development key, or prove one input. */
public enum JobKind {
    /** Compile the model's ONNX file, then a development setup; the model becomes ready. */
    MODEL,
    /** Witness, proof, verification and bundle for one input of a ready model. */
    PROOF;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
