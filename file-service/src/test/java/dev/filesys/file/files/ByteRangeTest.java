package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.files.ByteRange.Part;
import dev.filesys.file.files.ByteRange.Unsatisfiable;
import dev.filesys.file.files.ByteRange.Whole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bytes=0-9      | 0  | 9",
                "bytes=0-0      | 0  | 0",
                "bytes=10-19    | 10 | 19",
                "bytes=90-      | 90 | 99",
                "bytes=90-500   | 90 | 99",
                "bytes=-10      | 90 | 99",
                "bytes=-1000    | 0  | 99",
                "bytes=99-99    | 99 | 99",
                "BYTES = 5 - 6  | 5  | 6",
                "bytes=0-99999999999999999999999 | 0 | 99"
            })
    void singleRangesSelectTheirBytes(String header, long first, long last) {
        ByteRange range = ByteRange.parse(header, 100);
        assertThat(range).isEqualTo(new Part(first, last, 100));
        assertThat(((Part) range).length()).isEqualTo(last - first + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=99999999999999999999999-"})
    void rangesBeyondTheEndAreUnsatisfiable(String header) {
        assertThat(ByteRange.parse(header, 100)).isEqualTo(new Unsatisfiable(100));
    }

    @Test
    void anEmptyRepresentationSatisfiesNoRange() {
        assertThat(ByteRange.parse("bytes=0-", 0)).isEqualTo(new Unsatisfiable(0));
        assertThat(ByteRange.parse("bytes=-5", 0)).isEqualTo(new Unsatisfiable(0));
        assertThat(((Unsatisfiable) ByteRange.parse("bytes=0-0", 0)).contentRange())
                .isEqualTo("bytes */0");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-1", "items=0-5", "bytes=1-2,4-5", "0-5"})
    void invalidMultipleOrForeignRangesMeanTheWholeBody(String header) {
        assertThat(ByteRange.parse(header, 100)).isEqualTo(new Whole());
    }

    @Test
    void noHeaderMeansTheWholeBody() {
        assertThat(ByteRange.parse(null, 100)).isEqualTo(new Whole());
    }

    @Test
    void contentRangeNamesTheBytesAndTheSize() {
        assertThat(((Part) ByteRange.parse("bytes=-3", 10)).contentRange()).isEqualTo("bytes 7-9/10");
    }
}
