package io.zkml.prover.backend;

/** An error inside {@code libzkml} that is neither bad input nor cancellation: a bug, with the library's message. */
public final class NativeProverException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public NativeProverException(int code, String message) {
        super("libzkml error " + code + ": " + message);
        this.code = code;
    }

    /** The library's error code ({@code ZKML_E…} of zkml.h). */
    public int code() {
        return code;
    }
}
