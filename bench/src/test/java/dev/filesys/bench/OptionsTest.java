package dev.filesys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class OptionsTest {

    @Test
    void aFullRunMeasuresEverySectionAtFullSize() {
        Options options = Options.parse();

        assertThat(options.sections()).containsExactlyElementsOf(Options.SECTIONS);
        assertThat(options.runs()).isEqualTo(5);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(options.largeBytes()).isEqualTo(1L << 30);
        assertThat(options.repo()).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(options.out()).isEqualTo(Path.of("bench/results").toAbsolutePath());
        assertThat(options.work()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "filesys-bench"));
        assertThat(options.fileServiceJar()).isNull();
    }

    @Test
    void quickShrinksWhatIsNotGivenExplicitly() {
        Options options = Options.parse("--quick", "--runs", "4");

        assertThat(options.runs()).isEqualTo(4);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.largeBytes()).isEqualTo(256L << 20);
    }

    @Test
    void anOptionMayBeFollowedByItsValueOrJoinedToItWithEquals() {
        assertThat(Options.parse("--runs", "3", "--only", "small,memory", "--work", "/tmp/b"))
                .isEqualTo(Options.parse("--runs=3", "--only=small,memory", "--work=/tmp/b"));
        assertThat(Options.parse("--only", "small,memory").sections()).containsExactly("small", "memory");
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Options.parse("--runs=0"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--runs")
                .hasMessageContaining("need a positive number");
        assertThatThrownBy(() -> Options.parse("--only=small,tiny"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("unknown section 'tiny'");
        assertThatThrownBy(() -> Options.parse("--fast")).isInstanceOf(ParameterException.class);
    }
}
