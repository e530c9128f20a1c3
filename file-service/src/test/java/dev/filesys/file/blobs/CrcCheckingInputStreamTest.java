package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrcCheckingInputStreamTest {

    private final byte[] content = randomBytes(300_000);
    private final long crc = BlobStoreContractTest.crc32c(content);

    @Test
    void passesAnIntactBlobThrough() throws IOException {
        InputStream in = new CrcCheckingInputStream(new ByteArrayInputStream(content), content.length, crc);
        assertThat(in.readAllBytes()).isEqualTo(content);
    }

    @Test
    void passesAnIntactEmptyBlobThrough() throws IOException {
        InputStream in = new CrcCheckingInputStream(new ByteArrayInputStream(new byte[0]), 0, 0);
        assertThat(in.read(new byte[10])).isEqualTo(-1);
    }

    @Test
    void withholdsTheLastBytesOfADamagedBlob() {
        byte[] damaged = content.clone();
        damaged[123_456] ^= 0x10;
        InputStream in = new CrcCheckingInputStream(new ByteArrayInputStream(damaged), content.length, crc);
        long[] delivered = {0};
        assertThatThrownBy(() -> {
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        delivered[0] += n;
                    }
                })
                .isInstanceOf(IntegrityViolation.class);
        assertThat(delivered[0]).isLessThan(content.length);
    }

    @Test
    void catchesABlobThatShrankOrGrew() {
        byte[] shorter = Arrays.copyOf(content, content.length - 1);
        assertThatThrownBy(() -> new CrcCheckingInputStream(new ByteArrayInputStream(shorter), content.length, crc)
                        .readAllBytes())
                .isInstanceOf(IntegrityViolation.class)
                .hasMessageContaining("shorter");

        byte[] longer = Arrays.copyOf(content, content.length + 1);
        assertThatThrownBy(() -> new CrcCheckingInputStream(new ByteArrayInputStream(longer), content.length, crc)
                        .readAllBytes())
                .isInstanceOf(IntegrityViolation.class)
                .hasMessageContaining("longer");
    }

    @Test
    void catchesAWrongCrcOnAnEmptyBlob() {
        assertThatThrownBy(() -> new CrcCheckingInputStream(new ByteArrayInputStream(new byte[0]), 0, 42).read())
                .isInstanceOf(IntegrityViolation.class);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
