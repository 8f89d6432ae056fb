package io.zkml.compiler;

/**
 * A model the compiler cannot turn into a sound circuit, or an input that does not fit a compiled circuit. The
 * message names what was wrong and where (node index, name and op type; tensor name; element index).
 */
public final class CompileException extends RuntimeException {

    public CompileException(String message) {
        super(message);
    }

    public CompileException(String message, Throwable cause) {
        super(message, cause);
    }
}
