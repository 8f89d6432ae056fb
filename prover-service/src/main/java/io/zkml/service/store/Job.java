package io.zkml.service.store;

/**
 * A job as stored.
 *
 * @param id the job's id (for a proof job, the proof's id)
 * @param kind what it does
 * @param modelId the model it belongs to
 * @param owner the name of the key that submitted it
 * @param status where it stands
 * @param progress the fraction done, 0 … 1
 * @param attempts how many times a worker claimed it
 * @param leaseToken the token of the claim that holds it, or null
 * @param leaseUntil when that claim expires (ms since the epoch)
 * @param error why it failed, or null
 * @param cancelRequested whether a client asked to cancel it while it ran
 * @param created ms since the epoch
 * @param finished ms since the epoch, or 0
 * @param bundle the file name of the published bundle of a succeeded proof job (recorded by the winning claim), or null
 */
public record Job(String id, JobKind kind, String modelId, String owner, JobStatus status, double progress, int attempts, String leaseToken,
                  long leaseUntil, String error, boolean cancelRequested, long created, long finished, String bundle) {
}
