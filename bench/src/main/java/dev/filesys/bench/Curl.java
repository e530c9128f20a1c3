package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Large transfers with curl, the same client for nginx and for filesys. */
final class Curl {

    /**
     * One transfer: the status, curl's own transfer time and when the first byte of the answer came (both from the
     * start), and the response body (uploads) or its size.
     */
    record Transfer(int status, double seconds, double firstByteSeconds, long bytes, String body) {

        double mibPerSecond() {
            return bytes / Limits.MIB / seconds;
        }

        /** A download's rate once its first byte came: what the body's sending took, without what came before it. */
        double mibPerSecondAfterFirstByte() {
            return bytes / Limits.MIB / (seconds - firstByteSeconds);
        }

        /** The id of the file a filesys upload stored, from its answer; null when there is none. */
        String fileId() {
            Matcher id = FILE_ID.matcher(body);
            return id.find() ? id.group(1) : null;
        }
    }

    private static final Pattern FILE_ID = Pattern.compile("\"fileId\"\\s*:\\s*\"([^\"]+)\"");

    private Curl() {}

    /** Sends the file as the body ({@code -T}, streamed from disk) with the given method. */
    static Transfer upload(String method, String url, Path file, Path bodyOut, String... headers) throws IOException {
        List<String> command =
                List.of("curl", "-sS", "-X", method, "-T", file.toString(), "-o", bodyOut.toString(), "-H", "Expect:");
        Proc.Result result = run(command, headers, "%{size_upload}", url).orThrow("curl upload");
        String[] parts = result.out().strip().split(" ");
        String body = Files.exists(bodyOut) ? Files.readString(bodyOut) : "";
        Files.deleteIfExists(bodyOut);
        return transfer(parts, body);
    }

    /**
     * A filesys upload ({@code POST /api/v1/files}) with the session's {@code Authorization} header and the file's
     * SHA-256 for the service to check.
     */
    static Transfer post(String url, Path file, Path bodyOut, String authorization, String sha256) throws IOException {
        return upload(
                "POST",
                url,
                file,
                bodyOut,
                authorization,
                "Content-Type: application/octet-stream",
                "X-Checksum-SHA256: " + sha256);
    }

    /** Downloads into /dev/null. */
    static Transfer download(String url, String... headers) {
        Proc.Result result = run(List.of("curl", "-sS", "-o", "/dev/null"), headers, "%{size_download}", url)
                .orThrow("curl download");
        return transfer(result.out().strip().split(" "), "");
    }

    /** Runs curl with the headers, writing out the status, the times and {@code size}. */
    private static Proc.Result run(List<String> curl, String[] headers, String size, String url) {
        List<String> command = new ArrayList<>(curl);
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.addAll(List.of("-w", "%{http_code} %{time_total} %{time_starttransfer} " + size, url));
        return Proc.run(Duration.ofMinutes(15), command);
    }

    private static Transfer transfer(String[] written, String body) {
        return new Transfer(
                Integer.parseInt(written[0]),
                Double.parseDouble(written[1]),
                Double.parseDouble(written[2]),
                (long) Double.parseDouble(written[3]),
                body);
    }

    /** Downloads and hashes what arrived (a correctness check, not timed). */
    static String downloadSha256(String url, String... headers) {
        StringBuilder curl = new StringBuilder("curl -sS --fail");
        for (String header : headers) {
            curl.append(" -H '").append(header).append('\'');
        }
        curl.append(" '").append(url).append("' | openssl dgst -sha256 -r");
        String out = Proc.run(Duration.ofMinutes(15), "bash", "-o", "pipefail", "-c", curl.toString())
                .orThrow("curl | openssl")
                .out()
                .strip();
        return out.split(" ")[0];
    }
}
