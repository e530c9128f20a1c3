package dev.filesys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SmallFilesGoalsTest {

    private static final String S = SmallFiles.SECTION;

    @Test
    void eachGoalIsDecidedByItsFigureAtSixtyFourConnections() {
        Report report = new Report();
        // run by run: filesys GET 8,000 / 9,000 / 10,000 against nginx 20,000 each (ratios 0.40, 0.45, 0.50)
        add(report, "filesys GET, 64 conn.: requests/s", 8_000, 9_000, 10_000);
        add(report, "nginx GET, 64 conn.: requests/s", 20_000, 20_000, 20_000);
        add(report, "rclone GET, 64 conn.: requests/s", 3_000, 3_000, 3_000);
        add(report, "filesys GET, 64 conn.: p99", 19, 20, 25);
        add(report, "filesys POST (durable), 64 conn.: requests/s", 2_000, 2_400, 2_500);
        add(report, "nginx PUT, 64 conn.: requests/s", 15_000, 15_000, 15_000);
        add(report, "rclone PUT, 64 conn.: requests/s", 1_200, 1_200, 1_200);
        add(report, "limit: 4 KiB write + fsync + rename + directory fsync, 64 threads: files/s", 10_000);

        SmallFiles.goals(report);

        Map<String, Report.Goal> goals =
                report.goals().stream().collect(Collectors.toMap(Report.Goal::text, goal -> goal));
        assertThat(goals.get("downloads ≥ 20,000/s at 64 clients").verdict()).isEqualTo("missed");
        assertThat(goals.get("downloads ≥ 20,000/s at 64 clients").evidence())
                .isEqualTo("9,000/s (nginx 20,000/s); needs 2.22 × more");
        assertThat(goals.get("downloads ≥ 0.4 × nginx at 64 clients").verdict()).isEqualTo("met");
        assertThat(goals.get("downloads ≥ 0.4 × nginx at 64 clients").evidence())
                .isEqualTo("9,000/s vs nginx 20,000/s, ratio 0.45 (0.40 – 0.50)");
        assertThat(goals.get("downloads p99 ≤ 20 ms at 64 clients").verdict()).isEqualTo("met");
        assertThat(goals.get("uploads ≥ 2,000/s (durable) at 64 clients").verdict())
                .isEqualTo("met");
        assertThat(goals.get("uploads ≥ 0.25 × the write + fsync + rename limit at 64 clients")
                        .verdict())
                .isEqualTo("missed");
        assertThat(goals.get("uploads ≥ 0.25 × the write + fsync + rename limit at 64 clients")
                        .evidence())
                .isEqualTo("2,400 vs 10,000 files/s, ratio 0.24; needs 1.04 × more");
        assertThat(goals.get("peer: rclone serve webdav, GET at 64 clients").verdict())
                .isEqualTo("informative");
        assertThat(goals.get("peer: rclone serve webdav, GET at 64 clients").evidence())
                .isEqualTo("9,000/s vs rclone 3,000/s, ratio 3.00 (2.67 – 3.33)");
        assertThat(goals.get("peer: rclone serve webdav, PUT (not durable) at 64 clients")
                        .verdict())
                .isEqualTo("informative");
    }

    @Test
    void aSlowTailMissesTheLatencyGoalBySayingHowFar() {
        Report report = new Report();
        add(report, "filesys GET, 64 conn.: p99", 60, 66, 70);

        SmallFiles.goals(report);

        Report.Goal p99 = report.goals().stream()
                .filter(goal -> goal.text().equals("downloads p99 ≤ 20 ms at 64 clients"))
                .findFirst()
                .orElseThrow();
        assertThat(p99.verdict()).isEqualTo("missed");
        assertThat(p99.evidence()).isEqualTo("66.0 ms, 3.30 × the bound");
        assertThat(report.markdown("")).contains("| downloads p99 ≤ 20 ms at 64 clients | **missed** | 66.0 ms");
    }

    @Test
    void anUploadGoalSaysWhereTheCpuWentWhenItWasMeasured() {
        Report report = new Report();
        add(report, "filesys POST (durable), 64 conn.: requests/s", 500, 510);
        add(report, "filesys POST (durable), 64 conn.: machine CPU busy", 98, 99);
        add(report, "filesys POST (durable), 64 conn.: server CPU per request", 2_500, 2_700);
        add(report, "filesys POST (durable), 64 conn.: PostgreSQL CPU per request", 1_300, 1_500);
        add(report, "limit: 4 KiB write + fsync + rename + directory fsync, 64 threads: files/s", 10_000);

        SmallFiles.goals(report);

        Report.Goal uploads = report.goals().stream()
                .filter(goal -> goal.text().equals("uploads ≥ 2,000/s (durable) at 64 clients"))
                .findFirst()
                .orElseThrow();
        assertThat(uploads.evidence())
                .endsWith("; needs 3.96 × more; machine CPU 98.5% busy, CPU per upload: file-service 2,600 µs,"
                        + " PostgreSQL 1,400 µs");
        assertThat(report.goals().stream()
                        .filter(goal -> goal.text().startsWith("uploads ≥ 0.25 ×"))
                        .findFirst()
                        .orElseThrow()
                        .evidence())
                .isEqualTo("505 vs 10,000 files/s, ratio 0.05; needs 4.95 × more; the limit does the file work alone,"
                        + " without HTTP or a database; machine CPU 98.5% busy, CPU per upload: file-service 2,600 µs,"
                        + " PostgreSQL 1,400 µs");
        // a download figure measured without them says nothing of CPU, and no empty CPU figure is added
        assertThat(report.has(S, "filesys GET, 64 conn.: machine CPU busy")).isFalse();
    }

    @Test
    void theRatioToNginxComparesTheirCpuPerDownload() {
        Report report = new Report();
        add(report, "filesys GET, 64 conn.: requests/s", 25_000);
        add(report, "nginx GET, 64 conn.: requests/s", 100_000);
        add(report, "filesys GET, 64 conn.: server CPU per request", 60);
        add(report, "nginx GET, 64 conn.: server CPU per request", 12);
        add(report, "filesys GET, 64 conn.: p99", 40);
        add(report, "filesys GET, 64 conn.: machine CPU busy", 99);

        SmallFiles.goals(report);

        Map<String, Report.Goal> goals =
                report.goals().stream().collect(Collectors.toMap(Report.Goal::text, goal -> goal));
        assertThat(goals.get("downloads ≥ 0.4 × nginx at 64 clients").evidence())
                .endsWith("; server CPU per download: filesys 60.0 µs, nginx 12.0 µs");
        assertThat(goals.get("downloads p99 ≤ 20 ms at 64 clients").evidence())
                .isEqualTo("40.0 ms, 2.00 × the bound; machine CPU 99.0% busy (the clients share its cores)");
    }

    @Test
    void theComparedJarRunsNextToFilesysOnAlternateSides() {
        List<String> group = List.of("nginx", "filesys", "rclone");

        assertThat(SmallFiles.runOrder(group, "filesys", null, 1)).containsExactly("filesys", "rclone", "nginx");
        assertThat(SmallFiles.runOrder(group, "filesys", "before", 0))
                .containsExactly("nginx", "filesys", "before", "rclone");
        assertThat(SmallFiles.runOrder(group, "filesys", "before", 1))
                .containsExactly("before", "filesys", "rclone", "nginx");
        assertThat(SmallFiles.runOrder(group, "filesys", "before", 2))
                .containsExactly("rclone", "nginx", "filesys", "before");
    }

    @Test
    void aShortfallSaysHowManyTimesMoreIsNeeded() {
        assertThat(SmallFiles.shortfall(5_000, 20_000)).isEqualTo("; needs 4.00 × more");
        assertThat(SmallFiles.shortfall(20_000, 20_000)).isEmpty();
        assertThat(SmallFiles.shortfall(0, 2_000)).isEqualTo("; none measured");
    }

    private static void add(Report report, String label, double... samples) {
        Report.Figure figure = report.figure(S, label, label.endsWith("p99") ? "ms" : "1/s");
        for (double sample : samples) {
            figure.add(sample);
        }
    }
}
