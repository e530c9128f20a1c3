package dev.filesys.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Section 3: the real balancer (its own JVM) in front of three stand-ins, driven by wrk: all three answering yes, then
 * one accepting connections but never answering. After {@code fall} failures that server is DOWN and skipped, so the
 * latency must come back to the healthy level.
 */
final class BalancerBench {

    static final String SECTION = "3. Balancer";
    private static final int CONNECTIONS = 16;
    private static final Duration TRANSITION = Duration.ofSeconds(3);

    private final Bench.Context context;
    private final Report report;

    BalancerBench(Bench.Context context) {
        this.context = context;
        this.report = context.report();
    }

    void run() throws Exception {
        Options options = context.options();
        Cluster cluster = context.cluster();
        try (StandIns standIns = new StandIns(3)) {
            Cluster.Service balancer = cluster.startBalancer("balancer-standins", standIns.balancerSettings());
            try {
                measure(options, cluster, balancer, standIns);
            } finally {
                cluster.stop(balancer);
            }
        }
    }

    private void measure(Options options, Cluster cluster, Cluster.Service balancer, StandIns standIns)
            throws Exception {
        Path script = Wrk.script(options.work().resolve("lua"), "assignments", """
                request = function()
                  return wrk.format("POST", "/api/v1/assignments")
                end
                """);
        StandIns.StandIn hanging = standIns.standIns.get(2);
        Duration duration = options.duration();
        Report.Figure healthyRate =
                report.figure(SECTION, "3 servers answer yes: assignments/s, " + CONNECTIONS + " conn.", "1/s");
        Report.Figure healthyP50 = report.figure(SECTION, "3 servers answer yes: p50", "ms");
        Report.Figure healthyP99 = report.figure(SECTION, "3 servers answer yes: p99", "ms");
        Report.Figure transitionP99 =
                report.figure(SECTION, "1 of 3 hangs, first " + TRANSITION.toSeconds() + " s (the fall): p99", "ms");
        Report.Figure transitionMax =
                report.figure(SECTION, "1 of 3 hangs, first " + TRANSITION.toSeconds() + " s: assignments/s", "1/s");
        Report.Figure downRate = report.figure(SECTION, "1 of 3 hangs, after fall: assignments/s", "1/s");
        Report.Figure downP50 = report.figure(SECTION, "1 of 3 hangs, after fall: p50", "ms");
        Report.Figure downP99 = report.figure(SECTION, "1 of 3 hangs, after fall: p99", "ms");

        Bench.log("balancer: warm-up");
        awaitStates(balancer, List.of("UP", "UP", "UP"));
        Wrk.run(script, balancer.url(), CONNECTIONS, Duration.ofSeconds(3));
        for (int run = 0; run < options.runs(); run++) {
            Bench.log("balancer: run " + (run + 1) + "/" + options.runs());
            awaitStates(balancer, List.of("UP", "UP", "UP"));
            Wrk.Result healthy = Wrk.run(script, balancer.url(), CONNECTIONS, duration);
            healthyRate.add(healthy.perSecond());
            healthyP50.add(healthy.p50Millis());
            healthyP99.add(healthy.p99Millis());

            hanging.hang(true);
            Wrk.Result transition = Wrk.run(script, balancer.url(), CONNECTIONS, TRANSITION);
            transitionP99.add(transition.p99Millis());
            transitionMax.add(transition.perSecond());
            String state = state(balancer, 2);
            if (!state.equals("DOWN")) {
                throw new IllegalStateException("the hanging server is " + state + " after the fall, not DOWN");
            }
            Wrk.Result down = Wrk.run(script, balancer.url(), CONNECTIONS, duration);
            downRate.add(down.perSecond());
            downP50.add(down.p50Millis());
            downP99.add(down.p99Millis());
            hanging.hang(false);
        }
        Report.Ratio ratio = report.ratio(SECTION, "p99 after fall / healthy p99", downP99, healthyP99);
        report.ratio(SECTION, "assignments/s after fall / healthy", downRate, healthyRate);
        double median = Stats.median(ratio.perRun());
        report.goal(
                SECTION,
                "after `fall`, p99 within 2 × the healthy p99",
                median <= 2.0,
                Report.format(downP99.median()) + " vs " + Report.format(healthyP99.median()) + " ms, ratio "
                        + Report.ratio(median) + " (worst run " + Report.ratio(Stats.max(ratio.perRun())) + ")");
        report.note(
                SECTION,
                "The balancer runs as its own JVM (`-Xmx512m`, default settings: connect timeout 200 ms, read timeout"
                        + " 500 ms, fall 3, rise 2, interval 2 s) with three static servers: JDK HttpServers in the bench"
                        + " JVM that answer `{\"available\":true}`. wrk sends `POST /api/v1/assignments` on "
                        + CONNECTIONS
                        + " connections; each answer is a signed auth code after a live probe. Each run: healthy for "
                        + duration.toSeconds() + " s, then the third server starts accepting connections and reading"
                        + " requests without ever answering; a " + TRANSITION.toSeconds() + " s wrk run covers the"
                        + " fall (those requests wait up to one read timeout), the harness checks the server is DOWN,"
                        + " then " + duration.toSeconds() + " s are measured with it DOWN. It answers again before the"
                        + " next run, and the harness waits for it to be UP (rise).");
    }

    private void awaitStates(Cluster.Service balancer, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < expected.size(); i++) {
                all &= state(balancer, i).equals(expected.get(i));
            }
            if (all) {
                return;
            }
            Cluster.pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the balancer's servers did not reach " + expected);
    }

    private String state(Cluster.Service balancer, int index) throws Exception {
        JsonNode servers = context.api()
                .getWithToken(
                        balancer.url() + "/api/v1/servers", context.cluster().clusterToken());
        return servers.get(index).get("state").asString();
    }
}
