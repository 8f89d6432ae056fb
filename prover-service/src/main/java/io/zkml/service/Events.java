package io.zkml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml.core.io.JsonText;
import io.zkml.service.store.ApiKey;
import io.zkml.service.store.Job;
import io.zkml.service.store.JobStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a key's event streams publish, without HTTP: a stream is polled (the HTTP layer sends each poll's events
 * as server-sent events) and reads the job store, so it sees jobs that any node proves.
 *
 * <p>Events: {@code progress} {@code {"id", "status", "progress"}} when a job's status or progress changed since the
 * last poll; {@code bundle} (the signed bundle as it is, so that its signature holds; the event's id names the proof) when a
 * proof succeeded;
 * {@code failed} or {@code cancelled} {@code {"id", "status", "error"}}. A final event of one proof's stream has
 * the proof's id; one of the stream of all the key's jobs has the id {@code FINISHED-ms:PROOF-ID}, which a client sends back as {@code Last-Event-ID} to
 * resume: the stream then replays the final events of the jobs finished at or after that time that it has not
 * seen. Without it a stream starts with the jobs that are queued, running, or finish from now on.
 */
public final class Events {

    /** One event. */
    public record Event(String id, String name, JsonNode data) {
    }

    /** A stream of events: the HTTP layer calls {@link #poll} until {@link #done()}. */
    public interface Stream {
        List<Event> poll() throws IOException;

        boolean done();
    }

    private static final int BATCH = 500;

    private Events() {
    }

    /** The events of one proof, until its final event. */
    static Stream ofProof(Operations ops, ApiKey caller, String id) throws IOException {
        ops.proof(caller, id); // 404 before the stream starts
        return new Stream() {
            private String last;
            private boolean done;

            @Override
            public List<Event> poll() throws IOException {
                ObjectNode view = ops.proof(caller, id);
                List<Event> out = new ArrayList<>();
                JobStatus status = JobStatus.valueOf(view.path("status").asText().toUpperCase(java.util.Locale.ROOT));
                String state = status + "/" + view.path("progress").asDouble();
                if (!state.equals(last)) {
                    last = state;
                    out.add(new Event(null, "progress", progress(id, status, view.path("progress").asDouble())));
                }
                if (status.isFinal()) {
                    done = true;
                    out.add(status == JobStatus.SUCCEEDED ? new Event(id, "bundle", view.get("bundle"))
                            : new Event(id, status.wire(), ended(id, status, view.path("error").asText(null))));
                }
                return out;
            }

            @Override
            public boolean done() {
                return done;
            }
        };
    }

    /** The events of all the caller's proofs (an admin: its own), from now or from a Last-Event-ID. */
    static Stream ofOwner(Operations ops, ApiKey caller, String lastEventId) {
        long since = ops.config().clock().millis();
        Set<String> seen = new HashSet<>();
        if (lastEventId != null && lastEventId.matches("[0-9]{1,19}:[A-Za-z0-9_]{1,64}")) {
            since = Long.parseLong(lastEventId.substring(0, lastEventId.indexOf(':')));
            seen.add(lastEventId.substring(lastEventId.indexOf(':') + 1));
        }
        long start = since;
        return new Stream() {
            private long cursor = start;
            private final Map<String, String> states = new HashMap<>();

            @Override
            public List<Event> poll() throws IOException {
                List<Event> out = new ArrayList<>();
                for (Job j : ops.store().proofsOf(caller.name(), cursor, BATCH)) {
                    String state = j.status() + "/" + j.progress();
                    if (!j.status().isFinal()) {
                        if (!state.equals(states.put(j.id(), state))) {
                            out.add(new Event(null, "progress", progress(j.id(), j.status(), j.progress())));
                        }
                        continue;
                    }
                    states.remove(j.id());
                    if (!seen.add(j.id())) {
                        continue;
                    }
                    String eventId = j.finished() + ":" + j.id();
                    out.add(j.status() == JobStatus.SUCCEEDED ? new Event(eventId, "bundle", ops.signedBundle(j))
                            : new Event(eventId, j.status().wire(), ended(j.id(), j.status(), j.error())));
                    if (j.finished() > cursor) {
                        // forget what finished before the new cursor: it is not read again
                        cursor = j.finished();
                        seen.clear();
                        seen.add(j.id());
                    }
                }
                return out;
            }

            @Override
            public boolean done() {
                return false;
            }
        };
    }

    private static ObjectNode progress(String id, JobStatus status, double progress) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("id", id);
        o.put("status", status.wire());
        o.put("progress", status == JobStatus.SUCCEEDED ? 1.0 : progress);
        return o;
    }

    private static ObjectNode ended(String id, JobStatus status, String error) {
        ObjectNode o = JsonText.NODES.objectNode();
        o.put("id", id);
        o.put("status", status.wire());
        o.put("error", error);
        return o;
    }
}
