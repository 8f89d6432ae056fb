package io.zkml.prover.backend;

/**
 * A proving key does not fit in the free memory of the GPU (other contexts or processes hold the rest): the
 * message says what the key needs and what is free. Not a bug and not the JVM's memory: close other contexts,
 * use a larger device, or prove on the CPU ({@code --backend native}).
 */
public final class DeviceMemoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public DeviceMemoryException(String message) {
        super(message);
    }
}
