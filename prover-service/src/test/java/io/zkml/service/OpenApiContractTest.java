package io.zkml.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zkml.service.http.Api;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The routes match the OpenAPI document: the router serves exactly the documented operations, and every status
 * that a service test saw on a route (recorded by {@link Http}) is documented for it (checked when each API
 * test class ends).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    static JsonNode document() throws Exception {
        try (InputStream in = Api.class.getResourceAsStream(Api.OPENAPI_RESOURCE)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    static Set<String> documentedOperations(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head").contains(op.getKey())) {
                out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return out;
    }

    @Test
    void theRouterServesExactlyTheDocumentedOperations() throws Exception {
        JsonNode doc = document();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        Set<String> routed = new TreeSet<>();
        Api.ROUTES.forEach(r -> routed.add(r.method().name() + " " + r.path()));
        assertThat(routed).isEqualTo(documentedOperations(doc));
    }

    @Test
    void everyOperationDocumentsItsResponses() throws Exception {
        JsonNode doc = document();
        for (Api.Route r : Api.ROUTES) {
            JsonNode responses = doc.path("paths").path(r.path()).path(r.method().name().toLowerCase(Locale.ROOT)).path("responses");
            assertThat(responses.size()).as(r.toString()).isPositive();
        }
    }

    @AfterAll
    void everySeenStatusIsDocumented() throws Exception {
        assertSeenStatusesDocumented();
    }

    /** Every status that a service test saw on a route is documented for it (the API tests call this when done). */
    static void assertSeenStatusesDocumented() throws Exception {
        JsonNode doc = document();
        for (String seen : Http.SEEN) {
            String[] p = seen.split(" ");
            JsonNode responses = doc.path("paths").path(p[1]).path(p[0].toLowerCase(Locale.ROOT)).path("responses");
            assertThat(responses.has(p[2])).as("status " + p[2] + " of " + p[0] + " " + p[1] + " is in the OpenAPI document").isTrue();
        }
    }
}
