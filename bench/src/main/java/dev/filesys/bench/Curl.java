package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Large transfers with curl, the same client for nginx and for filesys. */
final class Curl {

    /** One transfer: the status, curl's own transfer time, and the response body (uploads) or its size. */
    record Transfer(int status, double seconds, long bytes, String body) {

        double mibPerSecond() {
            return bytes / Limits.MIB / seconds;
        }
    }

    private Curl() {}

    /** Sends the file as the body ({@code -T}, streamed from disk) with the given method. */
    static Transfer upload(String method, String url, Path file, Path bodyOut, String... headers) throws IOException {
        List<String> command = new ArrayList<>(
                List.of("curl", "-sS", "-X", method, "-T", file.toString(), "-o", bodyOut.toString(), "-H", "Expect:"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.addAll(List.of("-w", "%{http_code} %{time_total} %{size_upload}", url));
        Proc.Result result = Proc.run(Duration.ofMinutes(15), command).orThrow("curl upload");
        String[] parts = result.out().strip().split(" ");
        String body = Files.exists(bodyOut) ? Files.readString(bodyOut) : "";
        Files.deleteIfExists(bodyOut);
        return new Transfer(
                Integer.parseInt(parts[0]), Double.parseDouble(parts[1]), (long) Double.parseDouble(parts[2]), body);
    }

    /** Downloads into /dev/null. */
    static Transfer download(String url, String... headers) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.addAll(List.of("-w", "%{http_code} %{time_total} %{size_download}", url));
        Proc.Result result = Proc.run(Duration.ofMinutes(15), command).orThrow("curl download");
        String[] parts = result.out().strip().split(" ");
        return new Transfer(
                Integer.parseInt(parts[0]), Double.parseDouble(parts[1]), (long) Double.parseDouble(parts[2]), "");
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
