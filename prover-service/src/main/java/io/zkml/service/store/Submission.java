package io.zkml.service.store;

/** What became of a submitted proof job. */
public sealed interface Submission {

    /** Stored, or already stored under the same idempotency key with the same request ({@code fresh} false). */
    record Accepted(Job job, boolean fresh) implements Submission {
    }

    /** The idempotency key was used before for another request. */
    record Conflict(Job existing) implements Submission {
    }

    /** Not stored: the key's queue ({@code perKey}) or the node's queue is full. */
    record QueueFull(boolean perKey, long queued) implements Submission {
    }
}
