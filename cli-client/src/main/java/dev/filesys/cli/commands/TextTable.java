package dev.filesys.cli.commands;

import java.util.List;

/** A plain text table: each column padded to its widest cell, two spaces apart. */
final class TextTable {

    private TextTable() {}

    /** @param rows the header row first; every row has the same number of cells */
    static String of(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
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
