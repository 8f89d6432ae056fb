/**
 * What the service's jobs do, and the workers that do it: {@link io.zkml.service.work.Pipeline} compiles a
 * model, makes its development key, installs an uploaded key and proves an input, on the data folder's files
 * ({@link io.zkml.service.work.DataFolder}: content-addressed {@link io.zkml.service.work.Artifacts} and each
 * model's manifest); {@link io.zkml.service.work.Workers} claim jobs from the
 * {@link io.zkml.service.store.JobStore} with leases and heartbeats. No HTTP here; it imports the compiler,
 * the prover, the verifier, {@code io.zkml.bundle} and the store.
 */
package io.zkml.service.work;
