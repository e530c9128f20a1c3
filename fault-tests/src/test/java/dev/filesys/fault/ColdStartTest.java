package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A file-service that has just started is warm when it registers: the balancer's first probes of it (which time out
 * after 500 ms here) are answered in time, so the first assignment after the cluster starts finds it and gets no
 * {@code 503 NO_SERVER_AVAILABLE}, and so does the first one after it was killed and started again.
 */
class ColdStartTest {

    @Test
    void theFirstProbesOfAFreshFileServiceAreAnsweredInTime() throws Exception {
        Path dir = Path.of("target", "fault-cold-start-" + System.currentTimeMillis())
                .toAbsolutePath();
        try (FaultCluster cluster = FaultCluster.start(dir, 1)) {
            ProtocolClient client = new ProtocolClient(cluster.balancer().url());
            HttpResponse<String> first = client.assign();
            Map<String, Long> probes = probeOutcomes(cluster);
            System.out.printf("cold start: first assignment %d; probes so far %s%n", first.statusCode(), probes);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            assertThat(probes.getOrDefault("failure", 0L)).as("failed probes").isZero();

            FaultCluster.Service file = cluster.fileServices().getFirst();
            FaultCluster.kill(file);
            // until its lease has run out the balancer probes the dead server (and those probes fail)
            await("file-1 forgotten by the balancer")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> cluster.serverState(file.id()).equals("ABSENT"));
            long failedWhileDead = probeOutcomes(cluster).getOrDefault("failure", 0L);
            cluster.restartFileService(file, List.of());
            HttpResponse<String> afterRestart = client.assign();
            Map<String, Long> probesAfter = probeOutcomes(cluster);
            System.out.printf(
                    "cold start: first assignment after a restart %d; probes %s (%d failed while it was dead)%n",
                    afterRestart.statusCode(), probesAfter, failedWhileDead);
            assertThat(afterRestart.statusCode()).as(afterRestart.body()).isEqualTo(201);
            assertThat(probesAfter.getOrDefault("failure", 0L))
                    .as("probes failed after the restart")
                    .isEqualTo(failedWhileDead);
        }
    }

    /** How many probes the balancer has made so far, by outcome ({@code yes}, {@code no}, {@code failure}). */
    private static Map<String, Long> probeOutcomes(FaultCluster cluster) throws Exception {
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(cluster.balancer().url() + "/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Long> outcomes = new TreeMap<>();
        metrics.lines()
                .filter(line -> line.startsWith("filesys_balancer_probes_seconds_count{"))
                .forEach(line -> {
                    int start = line.indexOf("outcome=\"") + "outcome=\"".length();
                    String outcome = line.substring(start, line.indexOf('"', start));
                    outcomes.merge(
                            outcome, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
                });
        return outcomes;
    }
}
