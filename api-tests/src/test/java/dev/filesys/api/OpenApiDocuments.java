package dev.filesys.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The services' OpenAPI documents as committed under {@code docs/openapi/}: what each service serves at {@code
 * /v3/api-docs}, with the members of every object in name order so that a change reads well in a diff, and one
 * relative server, {@code /}: a service names the URL the document was fetched from, or its configured public URL,
 * which differ from one deployment to the next.
 */
final class OpenApiDocuments {

    static final Path REPOSITORY = Path.of(System.getProperty("filesys.repository", ".."));
    static final Path FILE_SERVICE = REPOSITORY.resolve("docs/openapi/file-service.json");
    static final Path BALANCER = REPOSITORY.resolve("docs/openapi/balancer.json");

    /** The command that rewrites the committed documents from the launched services. */
    static final String REFRESH =
            "./mvnw verify -pl api-tests -am -Dtest='LaunchedApiTest#servedDocumentsAreTheCommittedOnes'"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dfilesys.openapi.refresh=true";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiDocuments() {}

    static JsonNode served(String baseUrl) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        baseUrl + "/v3/api-docs answered " + response.statusCode() + ": " + response.body());
            }
            ObjectNode document = (ObjectNode) JSON.readTree(response.body());
            document.putArray("servers")
                    .addObject()
                    .put("url", "/")
                    .put(
                            "description",
                            "The service that serves this document: a service behind an edge proxy names its"
                                    + " public URL here, one without a public URL the URL the document was read at");
            return sorted(document);
        }
    }

    static JsonNode committed(Path file) throws IOException {
        return Files.exists(file) ? JSON.readTree(Files.readString(file)) : JSON.nullNode();
    }

    static void write(Path file, JsonNode document) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n");
    }

    /** Where two documents differ, as JSON pointers: what a failure names rather than two whole documents. */
    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        differences("", expected, actual, found);
        return found;
    }

    private static void differences(String at, JsonNode expected, JsonNode actual, List<String> found) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            for (String name : names) {
                String pointer = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name)) {
                    found.add("served only: " + pointer);
                } else if (!actual.has(name)) {
                    found.add("committed only: " + pointer);
                } else {
                    differences(pointer, expected.get(name), actual.get(name), found);
                }
            }
        } else if (!expected.equals(actual)) {
            found.add("differs: " + (at.isEmpty() ? "/" : at));
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JSON.createObjectNode();
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            for (String name : names) {
                sorted.set(name, sorted(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            var array = JSON.createArrayNode();
            node.forEach(element -> array.add(sorted(element)));
            return array;
        }
        return node;
    }
}
