package dev.filesys.cli;

import static org.awaitility.Awaitility.await;

import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.commands.Invocation;
import dev.filesys.cli.commands.Passwords;
import dev.filesys.cli.progress.TransferProgress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A keyboard for the interactive shell's tests. Types text, waiting before a part until a condition holds (as a user
 * waits to see a transfer under way), then waits like a keyboard nobody touches (an end of input would close the
 * terminal before the shell has read what came before it).
 */
final class Typist extends InputStream {

    private final Deque<Object> script = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

    Typist type(String text) {
        script.add(text);
        return this;
    }

    Typist when(BooleanSupplier condition) {
        script.add(condition);
        return this;
    }

    @Override
    public synchronized int read() throws IOException {
        while (current.available() == 0 && !script.isEmpty()) {
            Object next = script.poll();
            if (next instanceof BooleanSupplier condition) {
                try {
                    await().atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
                } catch (ConditionTimeoutException e) {
                    // type on: the test's assertions tell what went wrong, a stuck terminal would not
                }
            } else {
                current = new ByteArrayInputStream(((String) next).getBytes(StandardCharsets.UTF_8));
            }
        }
        int next = current.read();
        if (next >= 0) {
            return next;
        }
        try {
            closed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int next = read();
        if (next < 0) {
            return -1;
        }
        buffer[offset] = (byte) next;
        return 1;
    }

    @Override
    public void close() {
        closed.countDown();
    }

    /** The filesys commands on the test's client, with no standard input, output or password to ask for. */
    static FilesysCommands commands(Supplier<FilesysClient> clients) {
        Invocation invocation = new Invocation(
                clients,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new Passwords(new ByteArrayInputStream(new byte[0]), Map.of()),
                prompt -> new char[0],
                false,
                TransferProgress.Mode.NONE,
                Clock.systemUTC());
        return new FilesysCommands(globals -> invocation, top -> 0);
    }
}
