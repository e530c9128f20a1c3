package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;

class ContentDispositionsTest {

    @Test
    void plainAsciiNameIsKeptInBothForms() {
        assertThat(ContentDispositions.attachment("report.pdf"))
                .isEqualTo("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    }

    @Test
    void quotesSpacesAndNonAsciiAreEncoded() {
        String name = "my \"big\" résumé €.pdf";
        String header = ContentDispositions.attachment(name);
        assertThat(header)
                .isEqualTo("attachment; filename=\"my _big_ r_sum_ _.pdf\"; "
                        + "filename*=UTF-8''my%20%22big%22%20r%C3%A9sum%C3%A9%20%E2%82%AC.pdf");
        // a standard parser gets the exact name back
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo(name);
    }

    @Test
    void fallbackHasNoCharacterThatClientsWouldUnescapeOrDecode() {
        assertThat(ContentDispositions.asciiFallback("a\\b%41\"c;d")).isEqualTo("a_b_41_c;d");
        assertThat(ContentDispositions.asciiFallback("🎉x")).isEqualTo("_x");
    }

    @Test
    void percentEncodingRoundTripsEveryCharacter() {
        String name = "a+b&c=d?e#f%g'h(i)*j,k;l ü 日本 🎉";
        String encoded = ContentDispositions.percentEncode(name);
        assertThat(encoded).matches("[A-Za-z0-9!#$&+\\-.^_`|~%]*");
        assertThat(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8))
                .isEqualTo(name);
    }
}
