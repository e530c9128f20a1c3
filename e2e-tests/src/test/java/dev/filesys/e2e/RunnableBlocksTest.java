package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.e2e.RunnableBlocks.Block;
import dev.filesys.e2e.RunnableBlocks.Marker;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnableBlocksTest {

    private static final String DOCUMENT = """
            # Title

            <!-- runnable -->
            ```bash
            B=http://127.0.0.1:8080
            curl -s $B/livez
            ```

            Some text.
            <!-- not runnable: it starts the system -->

            ```sh
            java -jar app.jar
            ```

            ```bash
            echo unmarked
            ```

            <!-- runnable -->
            ```json
            {"not": "a shell block"}
            ```

            ````bash
            echo "a longer fence may hold ```"
            ```
            ````
            """;

    @Test
    void findsTheShellBlocksWithTheirMarkersAndLines() {
        List<Block> blocks = RunnableBlocks.shellBlocks(DOCUMENT);

        assertThat(blocks).extracting(Block::fenceLine).containsExactly(4, 12, 16, 25);
        assertThat(blocks)
                .extracting(Block::marker)
                .containsExactly(Marker.RUNNABLE, Marker.NOT_RUNNABLE, Marker.NONE, Marker.NONE);
        assertThat(blocks.getFirst().lines()).containsExactly("B=http://127.0.0.1:8080", "curl -s $B/livez");
        assertThat(blocks.getFirst().lineNumber(1)).isEqualTo(6);
        assertThat(blocks.getLast().lines()).containsExactly("echo \"a longer fence may hold ```\"", "```");
    }

    @Test
    void theScriptKeepsTheDocumentsLineNumbersAndRunsOnlyRunnableBlocks() {
        String script = RunnableBlocks.script("README.md", DOCUMENT, "127.0.0.1:8080", "127.0.0.1:40123");
        List<String> lines = script.lines().toList();

        assertThat(lines.getFirst()).startsWith("set -Eeuo pipefail;").contains("README.md line $LINENO");
        assertThat(lines.get(3)).isEqualTo("printf '\\n== %s line %d\\n' 'README.md' 4");
        assertThat(lines.get(4)).isEqualTo("B=http://127.0.0.1:40123");
        assertThat(lines.get(5)).isEqualTo("curl -s $B/livez");
        assertThat(script).doesNotContain("java -jar", "unmarked", "{\"not\"", "longer fence");
        assertThat(lines).hasSize((int) DOCUMENT.lines().count() + 1);
    }

    @Test
    void anUnclosedFenceIsAnError() {
        assertThatThrownBy(() -> RunnableBlocks.shellBlocks("<!-- runnable -->\n```bash\necho\n"))
                .hasMessageContaining("line 2");
    }
}
