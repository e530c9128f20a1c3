package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run, rendered as Markdown and CSV. */
final class Report {

    /** One measured quantity: one sample per run. */
    static final class Figure {
        final String section;
        final String label;
        final String unit;
        final List<Double> samples = new ArrayList<>();

        Figure(String section, String label, String unit) {
            this.section = section;
            this.label = label;
            this.unit = unit;
        }

        void add(double sample) {
            samples.add(sample);
        }

        double median() {
            return Stats.median(samples);
        }
    }

    /**
     * Ours against a peer or a limit, run by run: the ratio of each run's pair, so a slow moment of the machine
     * affects both sides of a ratio alike.
     */
    record Ratio(String section, String label, Figure numerator, Figure denominator) {

        List<Double> perRun() {
            List<Double> ratios = new ArrayList<>();
            int n = Math.min(numerator.samples.size(), denominator.samples.size());
            for (int i = 0; i < n; i++) {
                ratios.add(numerator.samples.get(i) / denominator.samples.get(i));
            }
            return ratios;
        }
    }

    /**
     * A goal of the issue, with the figure that decides it; {@code met} is null for a row that only informs (a peer
     * to compare with, no bound to meet).
     */
    record Goal(String section, String text, Boolean met, String evidence) {

        String verdict() {
            return met == null ? "informative" : met ? "met" : "missed";
        }
    }

    private final Map<String, List<Figure>> figures = new LinkedHashMap<>();
    private final List<Ratio> ratios = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    /** Whether a figure of that label was measured (asking {@link #figure} would add an empty one). */
    boolean has(String section, String label) {
        return figures.getOrDefault(section, List.of()).stream().anyMatch(f -> f.label.equals(label));
    }

    Figure figure(String section, String label, String unit) {
        List<Figure> list = figures.computeIfAbsent(section, s -> new ArrayList<>());
        for (Figure existing : list) {
            if (existing.label.equals(label)) {
                return existing;
            }
        }
        Figure figure = new Figure(section, label, unit);
        list.add(figure);
        return figure;
    }

    Ratio ratio(String section, String label, Figure numerator, Figure denominator) {
        Ratio ratio = new Ratio(section, label, numerator, denominator);
        ratios.add(ratio);
        return ratio;
    }

    void goal(String section, String text, boolean met, String evidence) {
        goals.add(new Goal(section, text, met, evidence));
    }

    void note(String section, String text) {
        notes.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
        figures.computeIfAbsent(section, s -> new ArrayList<>());
    }

    /** A row of the goals table that is measured and shown, but has no bound to meet. */
    void informative(String section, String text, String evidence) {
        goals.add(new Goal(section, text, null, evidence));
    }

    List<Goal> goals() {
        return goals;
    }

    String markdown(String header) {
        StringBuilder md = new StringBuilder(header);
        if (!goals.isEmpty()) {
            md.append("\n## Goals\n\n| section | goal | met | figure |\n|---|---|---|---|\n");
            for (Goal goal : goals) {
                md.append("| ")
                        .append(goal.section())
                        .append(" | ")
                        .append(goal.text())
                        .append(" | ")
                        .append(goal.met() == null ? goal.verdict() : "**" + goal.verdict() + "**")
                        .append(" | ")
                        .append(goal.evidence())
                        .append(" |\n");
            }
        }
        for (var entry : figures.entrySet()) {
            String section = entry.getKey();
            md.append("\n## ").append(section).append("\n\n");
            if (!entry.getValue().isEmpty()) {
                md.append("| figure | median | min – max | runs |\n|---|---:|---:|---:|\n");
                for (Figure figure : entry.getValue()) {
                    md.append("| ")
                            .append(figure.label)
                            .append(" | ")
                            .append(format(figure.median()))
                            .append(' ')
                            .append(figure.unit)
                            .append(" | ")
                            .append(format(Stats.min(figure.samples)))
                            .append(" – ")
                            .append(format(Stats.max(figure.samples)))
                            .append(" | ")
                            .append(figure.samples.size())
                            .append(" |\n");
                }
            }
            List<Ratio> sectionRatios =
                    ratios.stream().filter(r -> r.section().equals(section)).toList();
            if (!sectionRatios.isEmpty()) {
                md.append("\n| ratio (run by run) | median | min – max |\n|---|---:|---:|\n");
                for (Ratio ratio : sectionRatios) {
                    List<Double> perRun = ratio.perRun();
                    md.append("| ")
                            .append(ratio.label())
                            .append(" | ")
                            .append(String.format(Locale.ROOT, "%.2f", Stats.median(perRun)))
                            .append(" | ")
                            .append(String.format(Locale.ROOT, "%.2f – %.2f", Stats.min(perRun), Stats.max(perRun)))
                            .append(" |\n");
                }
            }
            for (String note : notes.getOrDefault(section, List.of())) {
                md.append("\n").append(note).append("\n");
            }
        }
        return md.toString();
    }

    String csv() {
        StringBuilder csv = new StringBuilder("section,figure,unit,runs,median,min,max,samples\n");
        for (List<Figure> list : figures.values()) {
            for (Figure figure : list) {
                csv.append(quote(figure.section))
                        .append(',')
                        .append(quote(figure.label))
                        .append(',')
                        .append(quote(figure.unit))
                        .append(',')
                        .append(figure.samples.size())
                        .append(',')
                        .append(plain(figure.median()))
                        .append(',')
                        .append(plain(Stats.min(figure.samples)))
                        .append(',')
                        .append(plain(Stats.max(figure.samples)))
                        .append(',')
                        .append(quote(String.join(
                                " ", figure.samples.stream().map(Report::plain).toList())))
                        .append('\n');
            }
        }
        for (Ratio ratio : ratios) {
            List<Double> perRun = ratio.perRun();
            csv.append(quote(ratio.section()))
                    .append(',')
                    .append(quote("ratio: " + ratio.label()))
                    .append(",x,")
                    .append(perRun.size())
                    .append(',')
                    .append(plain(Stats.median(perRun)))
                    .append(',')
                    .append(plain(Stats.min(perRun)))
                    .append(',')
                    .append(plain(Stats.max(perRun)))
                    .append(',')
                    .append(quote(
                            String.join(" ", perRun.stream().map(Report::plain).toList())))
                    .append('\n');
        }
        for (Goal goal : goals) {
            csv.append(quote(goal.section()))
                    .append(',')
                    .append(quote("goal: " + goal.text()))
                    .append(",,,")
                    .append(goal.verdict())
                    .append(",,,")
                    .append(quote(goal.evidence()))
                    .append('\n');
        }
        return csv.toString();
    }

    void write(Path markdownFile, Path csvFile, String header) throws IOException {
        Files.createDirectories(markdownFile.getParent());
        Files.writeString(markdownFile, markdown(header));
        Files.writeString(csvFile, csv());
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String plain(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
