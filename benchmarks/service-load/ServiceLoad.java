import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on a running {@code zkml serve}: registers a model, then N relayers each keep up to K proofs in flight
 * (submit, poll every 50 ms, submit again when one ends) for T seconds, then wait for the rest. Reports API latency
 * (every call, and submissions and polls apart), submissions/s, proofs/s, and checks that every accepted id is
 * distinct and ended succeeded, and that the node's zkml_proofs_total grew by exactly their number.
 *
 * <p>Run by benchmarks/service-load.sh: {@code java ServiceLoad.java URL ADMIN_KEY MODEL.onnx INPUT.json OPTIONS N K T}.
 * Plain JDK, no JSON library: the few fields it needs are found with regular expressions.
 */
public class ServiceLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static String base;

    record Call(int status, String body, long nanos) {
    }

    static Call call(String method, String path, String key, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long t = System.nanoTime();
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Call(r.statusCode(), r.body(), System.nanoTime() - t);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + name + "\" in " + json);
        }
        return m.group(1);
    }

    static Call ok(Call c, int expected, String what) {
        if (c.status() != expected) {
            throw new IllegalStateException(what + ": HTTP " + c.status() + " " + c.body());
        }
        return c;
    }

    static double proofsTotal(String admin) throws Exception {
        Matcher m = Pattern.compile("(?m)^zkml_proofs_total\\s+([0-9.eE+]+)").matcher(call("GET", "/metrics", admin, null, null).body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    static String stats(String name, List<Long> l) {
        List<Long> s = new ArrayList<>(l);
        Collections.sort(s);
        return String.format("%-8s n=%6d  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms", name, s.size(), pct(s, 0.5), pct(s, 0.9), pct(s, 0.99),
                s.isEmpty() ? Double.NaN : s.getLast() / 1e6);
    }

    public static void main(String[] a) throws Exception {
        base = a[0];
        String admin = a[1];
        byte[] onnx = Files.readAllBytes(Path.of(a[2]));
        byte[] input = Files.readAllBytes(Path.of(a[3]));
        String options = a[4];
        int relayers = Integer.parseInt(a[5]);
        int inFlight = Integer.parseInt(a[6]);
        long seconds = Long.parseLong(a[7]);

        String owner = field(ok(call("POST", "/v1/keys", admin, "{\"name\":\"load-owner\",\"role\":\"owner\"}".getBytes(), "application/json"), 201, "owner key").body(), "key");
        String model = field(ok(call("POST", "/v1/models?" + options, owner, onnx, "application/octet-stream"), 202, "model").body(), "id");
        long t0 = System.nanoTime();
        while (true) {
            String st = field(call("GET", "/v1/models/" + model, owner, null, null).body(), "status");
            if (st.equals("ready")) {
                break;
            }
            if (!st.matches("compiling|setup|queued")) {
                throw new IllegalStateException("model " + model + ": " + st);
            }
            Thread.sleep(200);
        }
        System.out.printf("model %s ready in %.1f s; prover backend: %s%n", model, (System.nanoTime() - t0) / 1e9,
                field(call("GET", "/v1/node", admin, null, null).body(), "backend"));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < relayers; i++) {
            keys.add(field(ok(call("POST", "/v1/keys", admin, ("{\"name\":\"load-relayer-" + i + "\",\"role\":\"relayer\"}").getBytes(), "application/json"), 201,
                    "relayer key").body(), "key"));
            ok(call("PUT", "/v1/models/" + model + "/relayers/load-relayer-" + i, owner, null, null), 204 /* checked below */, "share");
        }
        // warm-up proof: the first loads the proving context
        String w = field(ok(call("POST", "/v1/models/" + model + "/proofs", keys.get(0), input, "application/json"), 202, "warm-up").body(), "id");
        while (!field(call("GET", "/v1/proofs/" + w, keys.get(0), null, null).body(), "status").equals("succeeded")) {
            Thread.sleep(50);
        }
        double proofsBefore = proofsTotal(admin);

        List<Long> submits = Collections.synchronizedList(new ArrayList<>());
        List<Long> polls = Collections.synchronizedList(new ArrayList<>());
        List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<String, String> finalStatus = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        long stopSubmitting = start + seconds * 1_000_000_000L;
        long giveUp = stopSubmitting + 300_000_000_000L;
        long[] lastEnd = {start};
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < relayers; r++) {
            String key = keys.get(r);
            threads.add(Thread.ofPlatform().start(() -> {
                List<String> mine = new ArrayList<>();
                try {
                    while (System.nanoTime() < giveUp) {
                        boolean submitting = System.nanoTime() < stopSubmitting;
                        if (!submitting && mine.isEmpty()) {
                            break;
                        }
                        if (submitting && mine.size() < inFlight) {
                            Call c = call("POST", "/v1/models/" + model + "/proofs", key, input, "application/json");
                            submits.add(c.nanos());
                            if (c.status() == 202) {
                                String id = field(c.body(), "id");
                                accepted.add(id);
                                mine.add(id);
                            } else if (c.status() == 429 || c.status() == 503) {
                                refused.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                                System.err.println("submit: HTTP " + c.status() + " " + c.body());
                            }
                            continue;
                        }
                        Thread.sleep(50);
                        for (var it = mine.iterator(); it.hasNext(); ) {
                            String id = it.next();
                            Call c = call("GET", "/v1/proofs/" + id, key, null, null);
                            polls.add(c.nanos());
                            if (c.status() != 200) {
                                errors.incrementAndGet();
                                System.err.println("poll " + id + ": HTTP " + c.status() + " " + c.body());
                                continue;
                            }
                            String st = field(c.body(), "status");
                            if (!st.matches("queued|running")) {
                                if (finalStatus.put(id, st) != null) {
                                    errors.incrementAndGet();
                                }
                                synchronized (lastEnd) {
                                    lastEnd[0] = Math.max(lastEnd[0], System.nanoTime());
                                }
                                it.remove();
                            }
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println("relayer: " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double proofsAfter = proofsTotal(admin);
        double submitWindow = Math.min(seconds, (System.nanoTime() - start) / 1e9);
        double total = (lastEnd[0] - start) / 1e9;
        Set<String> distinct = new HashSet<>(accepted);
        long succeeded = finalStatus.values().stream().filter("succeeded"::equals).count();
        List<Long> all = new ArrayList<>(submits);
        all.addAll(polls);
        System.out.printf("relayers %d, up to %d proofs in flight each, submitting for %d s%n", relayers, inFlight, seconds);
        System.out.println(stats("all", all));
        System.out.println(stats("submit", submits));
        System.out.println(stats("poll", polls));
        System.out.printf("accepted %d (%.2f submissions/s), refused (429/503) %d, errors %d%n", accepted.size(), accepted.size() / submitWindow, refused.get(),
                errors.get());
        System.out.printf("succeeded %d of %d in %.1f s: %.2f proofs/s; zkml_proofs_total grew by %.0f%n", succeeded, accepted.size(), total, succeeded / total,
                proofsAfter - proofsBefore);
        boolean good = !accepted.isEmpty() && distinct.size() == accepted.size() && succeeded == accepted.size() && finalStatus.size() == accepted.size()
                && proofsAfter - proofsBefore == accepted.size() && errors.get() == 0;
        System.out.println(good ? "OK: every accepted id distinct, succeeded, proved exactly once" : "LOST OR DUPLICATED JOBS: distinct " + distinct.size()
                + ", ended " + finalStatus.size() + ", succeeded " + succeeded + ", proofs counted " + (proofsAfter - proofsBefore));
        System.exit(good ? 0 : 1);
    }
}
