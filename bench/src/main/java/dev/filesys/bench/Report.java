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
                String verdict = goal.met() == null ? goal.verdict() : "**" + goal.verdict() + "**";
                row(md, goal.section(), goal.text(), verdict, goal.evidence());
            }
        }
        for (var entry : figures.entrySet()) {
            String section = entry.getKey();
            md.append("\n## ").append(section).append("\n\n");
            if (!entry.getValue().isEmpty()) {
                md.append("| figure | median | min – max | runs |\n|---|---:|---:|---:|\n");
                for (Figure figure : entry.getValue()) {
                    row(
                            md,
                            figure.label,
                            format(figure.median()) + ' ' + figure.unit,
                            format(Stats.min(figure.samples)) + " – " + format(Stats.max(figure.samples)),
                            String.valueOf(figure.samples.size()));
                }
            }
            List<Ratio> sectionRatios =
                    ratios.stream().filter(r -> r.section().equals(section)).toList();
            if (!sectionRatios.isEmpty()) {
                md.append("\n| ratio (run by run) | median | min – max |\n|---|---:|---:|\n");
                for (Ratio ratio : sectionRatios) {
                    List<Double> perRun = ratio.perRun();
                    row(
                            md,
                            ratio.label(),
                            String.format(Locale.ROOT, "%.2f", Stats.median(perRun)),
                            String.format(Locale.ROOT, "%.2f – %.2f", Stats.min(perRun), Stats.max(perRun)));
                }
            }
            for (String note : notes.getOrDefault(section, List.of())) {
                md.append("\n").append(note).append("\n");
            }
        }
        return md.toString();
    }

    /** A row of a Markdown table. */
    private static void row(StringBuilder md, String... cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    String csv() {
        StringBuilder csv = new StringBuilder("section,figure,unit,runs,median,min,max,samples\n");
        for (List<Figure> list : figures.values()) {
            for (Figure figure : list) {
                csvRow(csv, figure.section, figure.label, quote(figure.unit), figure.samples);
            }
        }
        for (Ratio ratio : ratios) {
            csvRow(csv, ratio.section(), "ratio: " + ratio.label(), "x", ratio.perRun());
        }
        for (Goal goal : goals) {
            csv.append(quote(goal.section()) + "," + quote("goal: " + goal.text()) + ",,," + goal.verdict() + ",,,"
                    + quote(goal.evidence()) + "\n");
        }
        return csv.toString();
    }

    /** A CSV row of measured values: their count, median, min, max and all of them. */
    private static void csvRow(StringBuilder csv, String section, String label, String unit, List<Double> values) {
        csv.append(String.join(
                        ",",
                        quote(section),
                        quote(label),
                        unit,
                        String.valueOf(values.size()),
                        plain(Stats.median(values)),
                        plain(Stats.min(values)),
                        plain(Stats.max(values)),
                        quote(String.join(
                                " ", values.stream().map(Report::plain).toList()))))
                .append('\n');
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
