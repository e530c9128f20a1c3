package dev.filesys.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A plain text table: each column padded to its widest cell, two spaces apart. */
final class TextTable {

    private TextTable() {}

    /** A table of {@code items}: {@code header}, then the row {@code cells} makes of each, with as many cells. */
    static <T> String of(String[] header, Iterable<T> items, Function<T, String[]> cells) {
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        items.forEach(item -> rows.add(cells.apply(item)));
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                text.append(row[i]);
                if (i < row.length - 1) {
                    text.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }
}
