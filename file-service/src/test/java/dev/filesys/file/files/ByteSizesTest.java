package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0 bytes",
        "1, 1 byte",
        "1023, 1023 bytes",
        "1024, 1 KiB",
        "1536, 1.5 KiB",
        "10485760, 10 MiB",
        "1073741824, 1 GiB",
        "1181116006, 1.1 GiB",
        "9223372036854775807, 8 EiB"
    })
    void describesInTheLargestUnitReached(long bytes, String expected) {
        assertThat(ByteSizes.describe(bytes)).isEqualTo(expected);
    }
}
