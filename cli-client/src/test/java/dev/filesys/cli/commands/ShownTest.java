package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShownTest {

    @Test
    void controlCharactersAreShownAsEscapes() {
        assertThat(Shown.text("a\u001b]0;pwned\u0007b")).isEqualTo("a\\x1b]0;pwned\\x07b");
        assertThat(Shown.text("text/plain\nowner: mallory")).isEqualTo("text/plain\\nowner: mallory");
        assertThat(Shown.text("x\r\ty\u007f\u009b")).isEqualTo("x\\r\\ty\\x7f\\x9b");
    }

    @Test
    void lineSeparatorsAndBidirectionalControlsAreShownAsEscapes() {
        assertThat(Shown.text("invoice\u202Efdp.exe")).isEqualTo("invoice\\u202efdp.exe");
        assertThat(Shown.text("a\u2028b\u2066c\u200Fd\u061Ce")).isEqualTo("a\\u2028b\\u2066c\\u200fd\\u061ce");
    }

    @Test
    void everythingElseIsPrintedAsItIs() {
        String ordinary = "Quarterly report – Überblick 報告 👩‍👩‍👧 (final).pdf";
        assertThat(Shown.text(ordinary)).isSameAs(ordinary);
        assertThat(Shown.text(null)).isEqualTo("-");
    }
}
