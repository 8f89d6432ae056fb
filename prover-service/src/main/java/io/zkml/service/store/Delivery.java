package io.zkml.service.store;

/**
 * One bundle for one webhook: made when the proof succeeds (in the same transaction), then claimed by one node
 * at a time with a lease, like a job. As claimed, it carries the claim's lease token, which its outcome must show.
 *
 * @param id the delivery id: the same on every attempt, so a receiver drops repeats by it
 * @param webhook the webhook it goes to
 * @param proofId the proof whose bundle it carries
 * @param status where it stands
 * @param attempts how many times a node claimed it to send it
 * @param notBefore when it is due (ms since the epoch)
 * @param lastError why the last attempt failed, or null
 * @param token the lease token of the claim that holds it, or null
 */
public record Delivery(String id, Webhook webhook, String proofId, Status status, int attempts, long notBefore, String lastError, String token) {

    /** Where a delivery stands. */
    public enum Status {
        /** Due at {@code notBefore}. */
        PENDING,
        /** A node holds it and is sending it (until its lease ends). */
        SENDING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Given up after the last attempt. */
        FAILED
    }
}
