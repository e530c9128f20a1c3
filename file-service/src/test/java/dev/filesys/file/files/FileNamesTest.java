package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @ParameterizedTest
    @ValueSource(
            ints = {
                0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x061c, 0xfeff, 0x2028, 0x2029, 0x00ad, 0x2060, 0x2061, 0x2065,
                0x180e, 0x180b, 0x034f, 0x115f, 0x3164, 0xffa0, 0xfe00, 0xfe0e, 0xfe0f, 0xfff0, 0xfff9, 0x0600, 0x1bca0,
                0x1d173, 0x13430, 0xe0001, 0xe0020, 0xe007f, 0xe0100, 0xe0fff
            })
    void invisibleAndFormattingCharactersAreRefusedByTheirCodePoint(int cp) {
        String name = "report" + Character.toString(cp) + ".pdf";
        assertThatThrownBy(() -> FileNames.normalize(name))
                .isInstanceOfSatisfying(InvisibleCharacterInName.class, refused -> {
                    assertThat(refused.code()).isEqualTo("INVISIBLE_CHARACTER_IN_NAME");
                    assertThat(refused.getBody().getDetail()).contains("U+%04X".formatted(cp));
                    assertThat(refused.getBody().getDetail()).doesNotContain("report");
                });
    }

    @Test
    void theDetailNamesTheCharacterWhenUnicodeNamesIt() {
        assertThatThrownBy(() -> FileNames.normalize("a\u200bb")).hasMessageContaining("U+200B (ZERO WIDTH SPACE)");
        assertThatThrownBy(() -> FileNames.normalize("a\ufff0b")).hasMessageContaining("U+FFF0,");
        assertThatThrownBy(() -> FileNames.normalize("a\uDB40\uDC01b")).hasMessageContaining("U+E0001 (LANGUAGE TAG)");
    }

    @Test
    void theFirstForbiddenCharacterDecidesTheAnswer() {
        assertThatThrownBy(() -> FileNames.normalize("a\u200bb\u202ec"))
                .isInstanceOf(InvisibleCharacterInName.class)
                .hasMessageContaining("U+200B");
        assertThatThrownBy(() -> FileNames.normalize("a\u202eb\u200bc"))
                .isInstanceOf(InvalidName.class)
                .isNotInstanceOf(InvisibleCharacterInName.class)
                .hasMessageContaining("U+202E");
        assertThatThrownBy(() -> FileNames.normalize("a\u200b/b")).isInstanceOf(InvisibleCharacterInName.class);
        assertThatThrownBy(() -> FileNames.normalize("é".repeat(128) + "\u200b"))
                .isInstanceOf(InvalidName.class)
                .hasMessageContaining("bytes");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u2764\ufe0f notes.txt", // ❤️: U+2764 is drawn as text unless U+FE0F asks for the emoji
                "\u2600\ufe0f holiday.jpg",
                "1\ufe0f\u20e3 first", // keycap 1️⃣
                "#\ufe0f\u20e3",
                "\uD83D\uDC69\u200d\uD83D\uDCBB work", // 👩‍💻
                "\uD83D\uDC69\uD83C\uDFFD\u200d\uD83D\uDCBB", // 👩🏽‍💻, a skin tone before the joiner
                "\uD83C\uDFF3\ufe0f\u200d\uD83C\uDF08.png", // 🏳️‍🌈
                "\uD83D\uDC68\u200d\uD83D\uDC69\u200d\uD83D\uDC67 family", // 👨‍👩‍👧
                "\u2764\ufe0f\u200d\uD83D\uDD25", // ❤️‍🔥
                "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F scotland"
            })
    void invisibleCharactersThatShapeAnEmojiAreAllowed(String name) {
        assertThat(FileNames.normalize(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\uD83D\uDE00\ufe0f", // 😀 is drawn as an emoji already: 😀️ looks like 😀
                "1\ufe0f.txt", // a digit is an emoji only in a keycap
                "\u2764\ufe0e", // text presentation
                "\u2764\ufe0f\ufe0f",
                "a\u200db",
                "\uD83D\uDE00\u200d", // a joiner with nothing to join
                "\u200d\uD83D\uDE00",
                "\uD83D\uDE00\u200d1",
                "a\uDB40\uDC67\uDB40\uDC7F", // tags after a letter
                "\uD83C\uDFF4\uDB40\uDC67", // tags never closed
                "\uD83C\uDFF4\uDB40\uDC7F" // a cancel tag closing nothing
            })
    void invisibleCharactersNextToAnEmojiThatChangeNothingAreRefused(String name) {
        assertThatThrownBy(() -> FileNames.normalize(name)).isInstanceOf(InvisibleCharacterInName.class);
    }

    /**
     * Every code point, against ICU's Unicode data rather than the JDK's: one between two letters is refused as
     * invisible exactly when it is in category Cf, Zl or Zp or is default-ignorable (where the JDK and ICU agree on its
     * category, so a JDK on another Unicode version does not fail this).
     */
    @Test
    void everyInvisibleCodePointAndNoOtherIsRefusedAsInvisible() {
        List<String> wrong = new ArrayList<>();
        int invisible = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if ((cp >= 0xd800 && cp <= 0xdfff) || !sameCategory(cp)) {
                continue;
            }
            boolean expected = invisibleByIcu(cp);
            invisible += expected ? 1 : 0;
            if (FileNames.isInvisible(cp) != expected) {
                wrong.add("U+%04X".formatted(cp));
            }
            String name = "a" + Character.toString(cp) + "b";
            if (Normalizer.normalize(name, Normalizer.Form.NFC).equals(name) && !otherRuleRefuses(cp)) {
                boolean refusedAsInvisible;
                try {
                    FileNames.normalize(name);
                    refusedAsInvisible = false;
                } catch (InvisibleCharacterInName e) {
                    refusedAsInvisible = true;
                }
                if (refusedAsInvisible != expected) {
                    wrong.add("U+%04X in a name".formatted(cp));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(invisible).as("Cf, Zl, Zp and default-ignorable code points").isGreaterThan(4_000);
    }

    /**
     * A seeded generator: names of ordinary text (several scripts, spaces, punctuation; no emoji, whose exceptions the
     * tests above cover) with code points of each invisible category inserted anywhere. Every such name is refused with the code point that comes
     * first; the same names without them are accepted.
     */
    @Test
    void generatedNamesWithInvisibleCharactersAreRefusedByTheFirstOne() {
        Map<String, List<Integer>> categories = invisibleCodePointsByCategory();
        List<String> names = new ArrayList<>(categories.keySet());
        int[] ordinary = {
            'a', 'Z', '7', ' ', '.', '-', '_', '(', 0xe9, 0x65e5, 0x672c, 0x0639, 0x0628, 0x0915, 0x094d, 0x0937,
            0x0431, 0x05d0, 0xac00, 0x1d400, 0x3042
        };
        Random random = new Random(20261202L);
        Map<String, Integer> refusedPerCategory = new LinkedHashMap<>();
        for (int round = 0; round < 20_000; round++) {
            List<Integer> base = new ArrayList<>();
            int length = random.nextInt(1, 20);
            for (int i = 0; i < length; i++) {
                base.add(ordinary[random.nextInt(ordinary.length)]);
            }
            String plain = text(base);
            if (plain.equals(".") || plain.equals("..")) {
                continue;
            }
            assertThat(FileNames.normalize(plain)).isEqualTo(Normalizer.normalize(plain, Normalizer.Form.NFC));

            List<Integer> withInvisible = new ArrayList<>(base);
            int inserts = random.nextInt(1, 4);
            for (int n = 0; n < inserts; n++) {
                String category = names.get(random.nextInt(names.size()));
                List<Integer> pool = categories.get(category);
                int position = random.nextInt(withInvisible.size() + 1);
                withInvisible.add(position, pool.get(random.nextInt(pool.size())));
                refusedPerCategory.merge(category, 1, Integer::sum);
            }
            int first = withInvisible.stream()
                    .filter(cp -> invisibleByIcu(cp))
                    .findFirst()
                    .orElseThrow();
            String candidate = text(withInvisible);
            boolean bidiControl = (first >= 0x202a && first <= 0x202e) || (first >= 0x2066 && first <= 0x2069);
            assertThatThrownBy(() -> FileNames.normalize(candidate))
                    .as("U+%04X in a generated name", first)
                    .isInstanceOf(bidiControl ? InvalidName.class : InvisibleCharacterInName.class)
                    .hasMessageContaining("U+%04X".formatted(first));
        }
        assertThat(refusedPerCategory)
                .containsOnlyKeys(names)
                .allSatisfy((category, count) -> assertThat(count).isGreaterThan(1_000));
    }

    /** ICU's code points of each invisible category, those the JDK agrees on. */
    private static Map<String, List<Integer>> invisibleCodePointsByCategory() {
        Map<String, List<Integer>> categories = new LinkedHashMap<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!sameCategory(cp) || !invisibleByIcu(cp)) {
                continue;
            }
            String category = switch (UCharacter.getType(cp)) {
                case UCharacterCategory.FORMAT -> "Cf";
                case UCharacterCategory.LINE_SEPARATOR -> "Zl";
                case UCharacterCategory.PARAGRAPH_SEPARATOR -> "Zp";
                case UCharacterCategory.UNASSIGNED -> "default-ignorable, unassigned";
                default -> "default-ignorable, not Cf";
            };
            categories.computeIfAbsent(category, c -> new ArrayList<>()).add(cp);
        }
        assertThat(categories).hasSize(5);
        return categories;
    }

    private static boolean invisibleByIcu(int cp) {
        int type = UCharacter.getType(cp);
        return type == UCharacterCategory.FORMAT
                || type == UCharacterCategory.LINE_SEPARATOR
                || type == UCharacterCategory.PARAGRAPH_SEPARATOR
                || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    /** Whether the JDK and ICU give {@code cp} the same general category (both number them as Unicode does). */
    private static boolean sameCategory(int cp) {
        return Character.getType(cp) == UCharacter.getType(cp);
    }

    /** Code points another rule refuses first: separators, controls, bidi overrides and isolates, surrogates. */
    private static boolean otherRuleRefuses(int cp) {
        return cp == '/'
                || cp == '\\'
                || cp < 0x20
                || (cp >= 0x7f && cp <= 0x9f)
                || (cp >= 0x202a && cp <= 0x202e)
                || (cp >= 0x2066 && cp <= 0x2069)
                || (cp >= 0xd800 && cp <= 0xdfff);
    }

    private static String text(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }
}
