package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        command.addAll(List.of("-w", "%{http_code} %{time_total} %{time_starttransfer} %{size_upload}", url));
        Proc.Result result = Proc.run(Duration.ofMinutes(15), command).orThrow("curl upload");
        String[] parts = result.out().strip().split(" ");
        String body = Files.exists(bodyOut) ? Files.readString(bodyOut) : "";
        Files.deleteIfExists(bodyOut);
        return transfer(parts, body);
    }

    /** Downloads into /dev/null. */
    static Transfer download(String url, String... headers) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.addAll(List.of("-w", "%{http_code} %{time_total} %{time_starttransfer} %{size_download}", url));
        Proc.Result result = Proc.run(Duration.ofMinutes(15), command).orThrow("curl download");
        return transfer(result.out().strip().split(" "), "");
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
