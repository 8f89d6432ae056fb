package io.zkml.service.store;

/** The job store could not do what was asked (the database is unreadable, full, locked by another process). */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
