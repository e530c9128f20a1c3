package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** The catalogue of codes: each entry raises the problem clients see, with its code, status and title. */
class ApiErrorTest {

    @Test
    void anEntryRaisesItsCodeUnderItsStatus() {
        ApiException refused = ApiError.QUOTA_EXCEEDED.exception("Over quota by 3 bytes.");

        assertThat(refused.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
        ProblemDetail body = refused.getBody();
        assertThat(body.getStatus()).isEqualTo(507);
        assertThat(body.getTitle()).isEqualTo("Insufficient Storage");
        assertThat(body.getDetail()).isEqualTo("Over quota by 3 bytes.");
        assertThat(body.getType()).isEqualTo(URI.create("https://filesys.dev/problems/quota-exceeded"));
        assertThat(body.getProperties()).containsEntry("code", "QUOTA_EXCEEDED");
        assertThat(refused.getMessage()).isEqualTo("QUOTA_EXCEEDED: Over quota by 3 bytes.");
    }

    @Test
    void aProtocolMayAskForAnotherStatusUnderTheSameCode() {
        ApiException refused = ApiError.CHECKSUM_MISMATCH.exception(HttpStatusCode.valueOf(460), "Bytes differ.");

        assertThat(refused.getStatusCode().value()).isEqualTo(460);
        assertThat(refused.code()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(refused.getBody().getTitle()).isNull();
    }

    @Test
    void headersTravelWithTheRefusal() {
        ApiException refused =
                ApiError.NO_SERVER_AVAILABLE.exception("Try again.").withHeader("Retry-After", "2");

        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("2");
    }

    @Test
    void theCodeIsTheEntrysName() {
        for (ApiError error : ApiError.values()) {
            assertThat(error.exception("x").code()).isEqualTo(error.name());
            assertThat(error.exception("x").getStatusCode()).isEqualTo(error.status());
        }
    }
}
