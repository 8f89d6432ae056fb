package io.zkml.service;

/**
 * A request the service refuses, with the kind of refusal (which the HTTP layer maps to a status), the field
 * or parameter at fault (or null) and a message that says what was wrong.
 */
public final class ServiceException extends RuntimeException {

    /** Why a request was refused. */
    public enum Kind {
        BAD_INPUT, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, QUEUE_FULL_KEY, QUEUE_FULL_NODE
    }

    private final Kind kind;
    private final String field;

    public ServiceException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
