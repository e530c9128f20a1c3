package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "report.pdf",
                "a",
                "with spaces and (brackets)",
                "Ünïcödé – 日本語 🎉.txt",
                ".hidden",
                "...",
                "name.",
                "quote\"d'name"
            })
    void acceptsOrdinaryNames(String name) {
        assertThat(FileNames.normalize(name)).isEqualTo(name);
    }

    @Test
    void nfcAndNfdSpellingsAreTheSameName() {
        String nfd = "Cafe\u0301 re\u0301sume\u0301.txt";
        String nfc = "Caf\u00e9 r\u00e9sum\u00e9.txt";
        assertThat(nfd).isNotEqualTo(nfc);
        assertThat(FileNames.normalize(nfd)).isEqualTo(nfc).isEqualTo(FileNames.normalize(nfc));
    }

    @Test
    void acceptsExactly255BytesAndRejects256() {
        String max = "é".repeat(127) + "x"; // 254 + 1 bytes
        assertThat(max.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        assertThat(FileNames.normalize(max)).isEqualTo(max);

        String tooLong = "é".repeat(128); // 256 bytes in 128 characters
        assertThatThrownBy(() -> FileNames.normalize(tooLong))
                .isInstanceOf(InvalidName.class)
                .hasMessageContaining("256 bytes");
    }

    @Test
    void lengthIsCountedAfterNormalisation() {
        // 85 × (e + combining acute) is 255 bytes in NFD, 170 in NFC
        String nfd = "e\u0301".repeat(85);
        assertThat(FileNames.normalize(nfd).getBytes(StandardCharsets.UTF_8)).hasSize(170);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "a/b",
                "a\\b",
                "/",
                "nul\u0000byte",
                "line\nbreak",
                "tab\there",
                "bell\u0007",
                "del\u007f",
                "c1\u0085",
                "c1\u009f",
                "evil\u202Etxt.exe",
                "lre\u202A",
                "isolate\u2066x\u2069",
                ".",
                "..",
                ""
            })
    void rejectsBrokenNames(String name) {
        assertThatThrownBy(() -> FileNames.normalize(name))
                .isInstanceOf(InvalidName.class)
                .satisfies(e -> assertThat(((InvalidName) e).code()).isEqualTo("INVALID_NAME"));
    }

    @Test
    void rejectsMissingNameAndUnpairedSurrogates() {
        assertThatThrownBy(() -> FileNames.normalize(null)).isInstanceOf(InvalidName.class);
        assertThatThrownBy(() -> FileNames.normalize("x\uD800y")).isInstanceOf(InvalidName.class);
        assertThatThrownBy(() -> FileNames.normalize("x\uDC00")).isInstanceOf(InvalidName.class);
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThatThrownBy(() -> FileNames.normalize("a/b")).hasMessageContaining("\"/\"");
        assertThatThrownBy(() -> FileNames.normalize("x\u202E")).hasMessageContaining("U+202E");
        assertThatThrownBy(() -> FileNames.normalize("x\u0001")).hasMessageContaining("U+0001");
        assertThatThrownBy(() -> FileNames.normalize("..")).hasMessageContaining("\"..\"");
    }

    @Test
    void acceptedNamesAreNormalisedIdempotentlyAndRejectedOnesAreForbidden() {
        Random random = new Random(20261129L);
        int[] pool = {
            'a', 'Z', '0', ' ', '.', '-', '/', '\\', 0, 0x1f, 0x7f, 0x85, 0xe9, 0x301, 0x202e, 0x2067, 0x1f600, 0x65e5
        };
        for (int round = 0; round < 5_000; round++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(1, 12);
            for (int i = 0; i < length; i++) {
                name.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String candidate = name.toString();
            boolean forbidden = candidate
                            .codePoints()
                            .anyMatch(cp -> cp == '/'
                                    || cp == '\\'
                                    || cp < 0x20
                                    || (cp >= 0x7f && cp <= 0x9f)
                                    || cp == 0x202e
                                    || cp == 0x2067)
                    || candidate.equals(".")
                    || candidate.equals("..");
            if (forbidden) {
                assertThatThrownBy(() -> FileNames.normalize(candidate)).isInstanceOf(InvalidName.class);
            } else {
                String normalized = FileNames.normalize(candidate);
                assertThat(normalized).isEqualTo(Normalizer.normalize(candidate, Normalizer.Form.NFC));
                assertThat(FileNames.normalize(normalized)).isEqualTo(normalized);
            }
        }
    }
}
