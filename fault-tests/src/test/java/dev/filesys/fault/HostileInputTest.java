package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.fault.ProtocolClient.Session;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Fault-suite item 6 (docs/fault-suite.md): a seeded, repeatable generator of hostile requests (names, {@code Range},
 * tus headers, JSON bodies, auth codes, session tokens, usernames and passwords, ids and list parameters). Every answer
 * is one the protocol specifies for that request, errors are problem+json with a {@code code}, never a 5xx, and nothing
 * is written outside the blob root. Run again with {@code -Dfilesys.fault.seed=<seed>} to repeat a run.
 */
@ExtendWith(SharedCluster.class)
class HostileInputTest {

    private static final long DEFAULT_SEED = 20261129L;
    private static final int CASES = 5_000;
    private static final Pattern BLOB_LAYOUT =
            Pattern.compile("blobs(/[0-9a-f]{2}(/[0-9a-f]{2}(/[0-9a-f]{64})?)?|/tmp(/[^/]+)?|/uploads(/[^/]+(/[^/]+)?)?"
                    + "|/quarantine(/[0-9a-f]{64}\\.[0-9]+)?)?");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private Random random;

    /**
     * One generated request and the statuses the protocol allows for it; where the answer is known exactly, also the
     * problem code it must carry and a text its detail must contain (else null).
     */
    private record Case(
            String category,
            HttpRequest request,
            String body,
            Set<Integer> allowed,
            String expectedCode,
            String detailContains) {

        Case(String category, HttpRequest request, String body, Set<Integer> allowed) {
            this(category, request, body, allowed, null, null);
        }

        String describe() {
            String shown = body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
            return category + ": " + request.method() + " " + request.uri() + " headers "
                    + request.headers().map() + " body " + shown;
        }
    }

    @Test
    void hostileRequestsGetSpecifiedAnswersAndWriteNothingOutsideTheBlobRoot(FaultCluster cluster) throws Exception {
        long seed = Long.getLong("filesys.fault.seed", DEFAULT_SEED);
        random = new Random(seed);
        System.out.println("hostile input: seed " + seed + " (repeat with -Dfilesys.fault.seed=" + seed + ")");
        ProtocolClient client = new ProtocolClient(cluster.balancer().url());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Session owner = client.registeredSession("hostile" + suffix, "correct horse battery");
        Session stranger = client.openSession();
        JsonNode file = client.upload(owner, "target.bin", new byte[1000]);
        String fileId = file.path("fileId").asString();
        String uploadUrl = createUpload(owner, 1 << 20);
        Set<String> outsideBefore = outsideBlobRoot(cluster.dataDir());

        Map<String, Integer> perCategory = new TreeMap<>();
        Map<Integer, Integer> perStatus = new TreeMap<>();
        Map<String, Long> perCategoryMillis = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            Case c = next(owner, stranger, fileId, uploadUrl);
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = http.send(c.request(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError(
                        "seed " + seed + " case " + i + " failed to get an answer: " + e + "\n  " + c.describe());
            }
            int status = response.statusCode();
            String failure = check(c, response);
            if (failure != null) {
                System.out.println("hostile input: milliseconds by category so far " + perCategoryMillis);
                throw new AssertionError("seed " + seed + " case " + i + ": " + failure + "\n  " + c.describe()
                        + "\n  answer " + status + " " + response.headers().map() + " " + response.body());
            }
            perCategory.merge(c.category(), 1, Integer::sum);
            perCategoryMillis.merge(c.category(), (System.nanoTime() - start) / 1_000_000, Long::sum);
            perStatus.merge(status, 1, Integer::sum);
            if (c.category().equals("login") && status == 200) {
                stranger = new Session(
                        stranger.serverId(),
                        stranger.serverUrl(),
                        ProtocolClient.JSON
                                .readTree(response.body())
                                .path("sessionToken")
                                .asString());
            }
        }
        System.out.println("hostile input: " + CASES + " cases by category " + perCategory + ", by status " + perStatus
                + ", milliseconds by category " + perCategoryMillis);

        assertThat(outsideBlobRoot(cluster.dataDir())).isEqualTo(outsideBefore);
        try (Stream<Path> tree = Files.walk(cluster.blobRoot())) {
            assertThat(tree.map(p -> cluster.dataDir().relativize(p).toString()))
                    .allSatisfy(p -> assertThat(p).matches(BLOB_LAYOUT));
        }
        assertThat(client.download(owner, fileId).statusCode()).isEqualTo(200);
    }

    private static String check(Case c, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "a 5xx";
        }
        if (!c.allowed().contains(status)) {
            return "status " + status + " is not one of " + c.allowed();
        }
        if (status >= 400 && !c.request().method().equals("HEAD")) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                return "an error without problem+json (" + type + ")";
            }
            JsonNode problem = ProtocolClient.JSON.readTree(response.body());
            if (!problem.path("code").asString().matches("[A-Z][A-Z0-9_]+")) {
                return "a problem without a code";
            }
            if (response.body().contains("Exception") || response.body().contains("\tat ")) {
                return "a problem that shows a stack trace or class name";
            }
            if (c.expectedCode() != null && !problem.path("code").asString().equals(c.expectedCode())) {
                return "code " + problem.path("code").asString() + " instead of " + c.expectedCode();
            }
            if (c.detailContains() != null && !problem.path("detail").asString().contains(c.detailContains())) {
                return "a detail that does not name " + c.detailContains();
            }
        }
        return null;
    }

    private Case next(Session owner, Session stranger, String fileId, String uploadUrl) {
        return switch (random.nextInt(10)) {
            case 0 -> nameCase(owner);
            case 9 -> invisibleNameCase(owner);
            case 1 -> rangeCase(owner, fileId);
            case 2 -> tusCreationCase(owner);
            case 3 -> tusPatchCase(owner, uploadUrl);
            case 4 -> accountCase(stranger);
            case 5 -> handshakeCase(owner);
            case 6 -> tokenCase(owner);
            case 7 -> idCase(owner);
            default -> listCase(owner);
        };
    }

    private Case nameCase(Session owner) {
        String name = hostileText(random.nextInt(6) == 0 ? 400 : 40);
        String query = random.nextInt(20) == 0 ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        if (random.nextBoolean() && !query.isEmpty()) {
            query += "&overwrite=" + pick("true", "false", "yes", "", "1");
        }
        byte[] body = new byte[random.nextInt(64)];
        random.nextBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(owner.serverUrl() + "/api/v1/files" + query))
                .header("Authorization", "Bearer " + owner.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (random.nextBoolean()) {
            request.header(
                    "Content-Type", pick("application/pdf", "text/plain; charset=utf-8", "*/*", "garbage", ";;"));
        }
        if (random.nextInt(4) == 0) {
            request.header("X-Checksum-SHA256", printable(random.nextInt(70)));
        }
        return new Case("name", build(request), "<" + body.length + " random bytes>", Set.of(200, 201, 400, 409));
    }

    /**
     * An otherwise good name with one invisible or formatting character in it (Unicode categories Cf, Zl, Zp, other
     * default-ignorable code points), as a simple upload or a tus creation: always {@code 400
     * INVISIBLE_CHARACTER_IN_NAME} naming the code point, so two files can never look identically named.
     */
    private Case invisibleNameCase(Session owner) {
        int[] invisible = {
            0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x061c, 0xfeff, 0x2028, 0x2029, 0x00ad, 0x2060, 0x2064, 0x180e,
            0x034f, 0x3164, 0xfe0f, 0xfe00, 0xfff9, 0x1d173, 0xe0001, 0xe0041, 0xe0100
        };
        int cp = invisible[random.nextInt(invisible.length)];
        String base = pick("report", "Jahresbericht", "résumé", "отчёт", "報告書", "تقرير", "a");
        int at = random.nextInt(base.length() + 1);
        String name = base.substring(0, at) + Character.toString(cp) + base.substring(at) + pick(".pdf", "", ".txt");
        String codePoint = "U+%04X".formatted(cp);
        if (random.nextBoolean()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(owner.serverUrl() + "/api/v1/files?name="
                            + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + owner.token())
                    .POST(HttpRequest.BodyPublishers.ofString("look-alike"));
            return new Case(
                    "invisible-name", build(request), name, Set.of(400), "INVISIBLE_CHARACTER_IN_NAME", codePoint);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(owner.serverUrl() + "/api/v1/uploads"))
                .header("Authorization", "Bearer " + owner.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10")
                .header(
                        "Upload-Metadata",
                        "filename " + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody());
        return new Case("invisible-tus", build(request), name, Set.of(400), "INVISIBLE_CHARACTER_IN_NAME", codePoint);
    }

    private Case rangeCase(Session owner, String fileId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(owner.serverUrl() + "/api/v1/files/" + fileId + "/content"))
                .header("Authorization", "Bearer " + owner.token())
                .header("Range", rangeValue());
        if (random.nextInt(4) == 0) {
            request.header("If-Range", pick("\"x\"", "Wed, 21 Oct 2015 07:28:00 GMT", printable(20)));
        }
        if (random.nextInt(6) == 0) {
            request.header("If-None-Match", pick("*", "\"a\", W/\"b\"", printable(10)));
        }
        if (random.nextBoolean()) {
            request.method("HEAD", HttpRequest.BodyPublishers.noBody());
        }
        return new Case("range", build(request), "", Set.of(200, 206, 304, 416));
    }

    private String rangeValue() {
        String unit = pick("bytes=", "bytes=", "bytes=", "items=", "", "bytes =");
        List<String> parts = new ArrayList<>();
        int count = 1 + random.nextInt(random.nextInt(8) == 0 ? 5 : 1);
        for (int i = 0; i < count; i++) {
            parts.add(pick(number() + "-" + number(), number() + "-", "-" + number(), "-", printable(5), number()));
        }
        return unit + String.join(pick(",", ", ", ",,", ";"), parts);
    }

    private Case tusCreationCase(Session owner) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(owner.serverUrl() + "/api/v1/uploads"))
                .header("Authorization", "Bearer " + owner.token())
                .POST(HttpRequest.BodyPublishers.noBody());
        if (random.nextInt(8) != 0) {
            request.header("Tus-Resumable", pick("1.0.0", "1.0.0", "1.0.0", "0.2.2", printable(6)));
        }
        if (random.nextInt(8) != 0) {
            request.header("Upload-Length", pick(number(), "-1", "0", "99999999999999999999", printable(8), "1e3"));
        }
        if (random.nextInt(8) != 0) {
            request.header("Upload-Metadata", metadata());
        }
        if (random.nextInt(10) == 0) {
            request.header("Upload-Defer-Length", "1");
        }
        return new Case("tus-create", build(request), "", Set.of(201, 400, 409, 412, 413, 507));
    }

    private String metadata() {
        List<String> pairs = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String key = pick("filename", "filetype", "overwrite", printable(6), "");
            String value = switch (random.nextInt(4)) {
                case 0 -> printable(12);
                case 1 -> "";
                default -> Base64.getEncoder().encodeToString(hostileText(30).getBytes(StandardCharsets.UTF_8));
            };
            pairs.add(value.isEmpty() ? key : key + " " + value);
        }
        return String.join(pick(",", ", ", ",,"), pairs);
    }

    private Case tusPatchCase(Session owner, String uploadUrl) {
        byte[] body = new byte[random.nextInt(64)];
        random.nextBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uploadUrl))
                .header("Authorization", "Bearer " + owner.token())
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
        if (random.nextInt(8) != 0) {
            request.header("Tus-Resumable", pick("1.0.0", "1.0.0", "2.0", printable(4)));
        }
        if (random.nextInt(8) != 0) {
            request.header(
                    "Content-Type", pick("application/offset+octet-stream", "application/octet-stream", printable(5)));
        }
        if (random.nextInt(8) != 0) {
            request.header("Upload-Offset", pick("0", number(), "-5", printable(4), "99999999999999999999"));
        }
        if (random.nextInt(3) == 0) {
            request.header(
                    "Upload-Checksum",
                    pick("sha256 ", "sha1 ", "md5 ", "", "sha256")
                            + pick(
                                    Base64.getEncoder().encodeToString(new byte[32]),
                                    printable(20),
                                    "",
                                    Base64.getEncoder().encodeToString(new byte[3])));
        }
        return new Case(
                "tus-patch",
                build(request),
                "<" + body.length + " random bytes>",
                Set.of(204, 400, 404, 409, 410, 412, 413, 415, 460));
    }

    private Case accountCase(Session stranger) {
        boolean login = random.nextBoolean();
        String body = json(Map.of("username", this::username, "password", this::password));
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(stranger.serverUrl() + (login ? "/api/v1/login" : "/api/v1/users")))
                .header("Authorization", "Bearer " + stranger.token())
                .header("Content-Type", pick("application/json", "application/json", "text/plain", "application/xml"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // 413: a body over the limit for JSON (16 KiB) is refused before it is parsed
        return login
                ? new Case("login", build(request), body, Set.of(200, 400, 401, 413, 415, 429))
                : new Case("register", build(request), body, Set.of(201, 400, 401, 409, 413, 415));
    }

    private Case handshakeCase(Session owner) {
        boolean ack = random.nextBoolean();
        String url = owner.serverUrl() + (ack ? "/api/v1/sessions/" + pathSegment() + "/ack" : "/api/v1/sessions");
        String body = ack
                ? json(Map.of("serverNonce", () -> printable(43)))
                : json(Map.of("authCode", this::authCode, "resumeToken", () -> printable(43)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return new Case(ack ? "ack" : "handshake", build(request), body, Set.of(400, 401, 404, 413, 415));
    }

    private Case tokenCase(Session owner) {
        String token = switch (random.nextInt(5)) {
            case 0 -> owner.token().substring(0, random.nextInt(owner.token().length()));
            case 1 -> owner.token() + printable(3);
            case 2 -> "";
            default -> printable(random.nextInt(120));
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(owner.serverUrl() + pick("/api/v1/me", "/api/v1/files", "/api/v1/logout")))
                .header("Authorization", pick("Bearer ", "Basic ", "bearer ", "", "Bearer  ") + token);
        if (request.build().uri().getPath().endsWith("logout")) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        return new Case("token", build(request), "", Set.of(400, 401));
    }

    private Case idCase(Session owner) {
        String below = pick("", "/content", "/shares/" + segment(username()));
        String path = "/api/v1/files/" + pathSegment() + below;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(owner.serverUrl() + path))
                .header("Authorization", "Bearer " + owner.token());
        String body = "";
        Set<Integer> allowed = Set.of(400, 403, 404, 405, 413, 415);
        if (random.nextBoolean()) {
            body = json(Map.of("permission", () -> pick("read", "write", printable(5)), "expiresAt", this::anyText));
            request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
            // PUT /api/v1/files/{path} is an upload (curl -T): valid names store the body as a file of that path
            // (folders made on the way; created, or replaced by a later case), inside the blob root like any upload; a
            // name already taken by a folder (or a file, on the way) is 409/412 NAME_TAKEN; a file id first is 405
            allowed = Set.of(200, 201, 400, 403, 404, 405, 409, 412, 413, 415);
        } else if (random.nextInt(3) == 0) {
            request.DELETE();
        }
        return new Case("id", build(request), body, allowed);
    }

    private Case listCase(Session owner) {
        String query = "?scope=" + enc(pick("owned", "shared", "all", anyText())) + "&cursor="
                + enc(pick("", number(), anyText())) + "&limit="
                + enc(pick("0", "1", "1001", number(), "-1", anyText())) + "&sort="
                + enc(pick("name", "createdAt,desc", "size", "name,sideways", anyText()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(owner.serverUrl() + "/api/v1/files" + query))
                .header("Authorization", "Bearer " + owner.token());
        return new Case("list", build(request), "", Set.of(200, 400));
    }

    /** A JSON object with the given fields, sometimes malformed, with wrong types, missing or huge values. */
    private String json(Map<String, java.util.function.Supplier<String>> fields) {
        return switch (random.nextInt(10)) {
            case 0 -> printable(random.nextInt(50));
            case 1 -> "{" + printable(20);
            case 2 -> "[1,2,3]";
            case 3 -> "{\"" + fields.keySet().iterator().next() + "\": " + pick("1", "true", "null", "[]", "{}") + "}";
            case 4 -> "";
            case 5 -> "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
            default ->
                fields.entrySet().stream()
                        .filter(f -> random.nextInt(6) != 0)
                        .map(f -> ProtocolClient.JSON.writeValueAsString(f.getKey()) + ":"
                                + ProtocolClient.JSON.writeValueAsString(
                                        random.nextInt(20) == 0
                                                ? "x".repeat(200_000)
                                                : f.getValue().get()))
                        .collect(Collectors.joining(",", "{", "}"));
        };
    }

    private String username() {
        return pick("alice", "Alice", "a", "ab", "x".repeat(33), "../etc", "user name", "ünïcode", "", hostileText(12));
    }

    private String password() {
        return pick(
                "short",
                "correct horse battery",
                "",
                "x".repeat(1025),
                hostileText(20),
                "e\u0301e\u0301e\u0301e\u0301");
    }

    private String authCode() {
        return pick(
                "",
                printable(40),
                "eyJhbGciOiJFZERTQSJ9.eyJhdWQiOiJmaWxlLTEifQ.AAAA",
                "eyJhbGciOiJub25lIn0.eyJhdWQiOiJmaWxlLTEifQ.",
                "a.b.c",
                "x".repeat(10_000));
    }

    /**
     * A path segment (encoded by {@link #segment}).
     */
    private String pathSegment() {
        return segment(pick(
                UUID.randomUUID().toString(),
                "..",
                ".",
                "%2e%2e",
                "a/b",
                "a\\b",
                "a\u0000b",
                anyText(),
                "00000000-0000-0000-0000-000000000000"));
    }

    private String anyText() {
        return hostileText(16);
    }

    /**
     * Text from a mix of ASCII, other scripts, combining marks, controls, bidi overrides, invisible characters,
     * separators and dots.
     */
    private String hostileText(int maxLength) {
        String[] pieces = {
            "a", "Z", "0", " ", ".", "..", "/", "\\", "\u0000", "\u0007", "\n", "\u007f", "\u0085", "\u202e", "\u2066",
            "é", "e\u0301", "中", "\uD83D\uDE00", "\uD800", "%", "+", "&", "?", "#", "\"", "'", "<script>", ":", "*",
            "\u200b", "\u200e", "\ufeff", "\u2028", "\u00ad", "\ufe0f", "\u200d"
        };
        if (random.nextInt(10) == 0) {
            return pick("..", ".", "", "a".repeat(256), "中".repeat(86), "é".repeat(128));
        }
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(Math.max(1, maxLength));
        while (text.length() < length) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private String printable(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return text.toString();
    }

    private String number() {
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(2000));
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "0";
            default -> Integer.toString(random.nextInt(10));
        };
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /**
     * Encodes a path segment, {@code /}, {@code \} and NUL included ({@code %2F}, {@code %5C}, {@code %00}): Tomcat
     * refuses those at the connector, and the answer must still be problem+json ({@code 400 INVALID_PATH}).
     */
    private static String segment(String value) {
        return enc(value);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpRequest build(HttpRequest.Builder request) {
        return request.timeout(Duration.ofSeconds(30)).build();
    }

    private String createUpload(Session owner, long length) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(owner.serverUrl() + "/api/v1/uploads"))
                        .header("Authorization", "Bearer " + owner.token())
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(length))
                        .header(
                                "Upload-Metadata",
                                "filename "
                                        + Base64.getEncoder()
                                                .encodeToString("tus.bin".getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        ProtocolClient.expect(response, 201);
        return URI.create(owner.serverUrl())
                .resolve(response.headers().firstValue("Location").orElseThrow())
                .toString();
    }

    /** Every path under the data directory except the blob root and PostgreSQL's own files. */
    private static Set<String> outsideBlobRoot(Path dataDir) throws IOException {
        try (Stream<Path> tree = Files.walk(dataDir)) {
            return tree.map(p -> dataDir.relativize(p).toString())
                    .filter(p -> !p.startsWith("blobs") && !p.startsWith("postgres"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
