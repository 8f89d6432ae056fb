/**
 * The service's durable state behind one interface, {@link io.zkml.service.store.JobStore}: API keys (hashed),
 * models, and jobs with leases. {@link io.zkml.service.store.H2JobStore} keeps it in an embedded H2 file
 * database in the data folder (one node); {@link io.zkml.service.store.PostgresJobStore} in PostgreSQL, shared by
 * several nodes. Both run the SQL of {@code SqlJobStore}. This layer knows neither HTTP nor proving; it may import the JDK and JDBC only.
 */
package io.zkml.service.store;
