package dev.filesys.e2e;

import dev.filesys.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

/** Runs the real CLI in one-shot mode, in-process, as one user with their own state file. */
final class CliRunner {

    private final Map<String, String> environment = new HashMap<>();

    CliRunner(Path home, String balancerUrl, Path stateFile) {
        environment.put("HOME", home.toString());
        environment.put("FILESYS_BALANCER", balancerUrl);
        environment.put("FILESYS_STATE", stateFile.toString());
        environment.put("FILESYS_PROGRESS", "none");
    }

    CliRunner with(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    Result run(String... args) {
        return run(new ByteArrayOutputStream(), args);
    }

    /** Runs a command whose standard error goes to {@code err} as it is written (to watch progress). */
    Result run(ByteArrayOutputStream err, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Cli.run(args, InputStream.nullInputStream(), outStream, errStream, Map.copyOf(environment));
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result runWithInput(String input, String... args) {
        return runWithInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** Runs a command that reads {@code input} as its standard input. */
    Result runWithInput(InputStream input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Cli.run(args, input, outStream, errStream, Map.copyOf(environment));
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What one command did: its exit code and what it printed. */
    record Result(int exit, String out, String err) {}

    /** Writes {@code size} seeded random bytes to {@code file}, streaming; returns their SHA-256 in hex. */
    static String writeRandomFile(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buffer.length, left);
                random.nextBytes(buffer);
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    static String sha256Of(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
