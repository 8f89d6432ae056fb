package io.zkml.service;

import static io.zkml.service.ServiceTesting.ADMIN;
import static io.zkml.service.ServiceTesting.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml.service.http.Api;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zkml serve} as a separate process, killed with SIGKILL while it has proof jobs queued and running,
 * then started again on the same data folder: every job completes, once, with a proof that verifies.
 */
class ServeProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path data;

    /** A running {@code zkml serve} and the port it listens on. */
    record Served(Process process, int port) {
    }

    private Served serve() throws Exception {
        List<String> cmd = ServiceTesting.zkmlCommand("serve", "--port", "0", "--data", data.toString(), "--admin-key", ADMIN, "--backend", "java",
                "--lease-seconds", "1");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            StringBuilder seen = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    seen.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (java.io.IOException e) {
                // the process died
            }
            port.completeExceptionally(new IllegalStateException("zkml serve ended without listening:\n" + seen));
        });
        return new Served(p, port.get(60, TimeUnit.SECONDS));
    }

    @Test
    void everyJobCompletesOnceAfterTheProcessIsKilled() throws Exception {
        Served first = serve();
        Http http = new Http(first.port());
        String model;
        List<String> proofs = new ArrayList<>();
        boolean sawRunning = false;
        try {
            model = ServiceTesting.readyModel(http, ADMIN);
            for (int i = 0; i < 6; i++) {
                Http.Response r = http.json(Api.PROVE, ADMIN, input(), model);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                proofs.add(r.json().path("id").asText());
            }
            for (int i = 0; i < 200 && !sawRunning; i++) {
                sawRunning = proofs.stream().anyMatch(id -> http.get(Api.PROOF, ADMIN, id).json().path("status").asText().equals("running"));
            }
        } finally {
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
            first.process().waitFor(30, TimeUnit.SECONDS);
        }

        Served second = serve();
        try {
            Http again = new Http(second.port());
            String vk = again.get(Api.VK, ADMIN, model).body();
            int retried = 0;
            for (String id : proofs) {
                JsonNode done = ServiceTesting.awaitProof(again, ADMIN, id);
                assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
                ServiceTesting.assertVerifies(done.path("bundle"), vk);
                retried += done.path("attempts").asInt() > 1 ? 1 : 0;
            }
            System.out.println("ServeProcessTest: killed with a job running: " + sawRunning + "; jobs claimed again after the kill: " + retried);
        } finally {
            second.process().destroy();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
