package io.zkml.service.store;

/**
 * A worker's hold on a job: the job as claimed and the lease token that every later write for it must show. A
 * worker whose lease expired and was claimed again holds a stale token; its writes are refused.
 */
public record Claim(Job job, String token) {
}
