package dev.filesys.file.accounts;

import dev.filesys.file.FileServiceProperties;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashes: Argon2id with a 16-byte salt, a 32-byte hash, parallelism 1 and the configured memory and
 * iterations (at least OWASP's minimum), stored as {@code {argon2}$argon2id$v=19$m=…,t=…,p=1$…} and computed in memory
 * blocks reused from hash to hash ({@link PooledArgon2}). The
 * {@link DelegatingPasswordEncoder} reads the prefix, so the algorithm or its parameters can change later: a login
 * against an older hash re-hashes it ({@link #needsRehash}).
 *
 * <p>{@link #verifyAgainstNothing} does the same work as a real check, for logins that name no user, so the time a
 * login takes does not tell whether the user exists.
 */
@Component
class PasswordHashing {

    static final String ID = "argon2";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;

    private final PooledArgon2 argon2;
    private final DelegatingPasswordEncoder encoder;
    private final String dummyHash;
    private final Semaphore permits;
    private final ExecutorService threads;

    PasswordHashing(FileServiceProperties properties) {
        FileServiceProperties.Password settings = properties.accounts().password();
        int size = settings.resolvedHashingThreads();
        this.permits = new Semaphore(size);
        // platform threads of their own: hashes do not occupy the carriers every request's virtual thread runs on
        this.threads = Executors.newFixedThreadPool(
                size, Thread.ofPlatform().name("password-hashing-", 0).daemon().factory());
        this.argon2 = new PooledArgon2(
                SALT_BYTES, HASH_BYTES, PARALLELISM, settings.memoryKib(), settings.iterations(), size);
        this.dummyHash = argon2.encode(randomPassword());
        this.encoder = new DelegatingPasswordEncoder(ID, Map.<String, PasswordEncoder>of(ID, argon2));
        // a stored hash this service cannot read (no or unknown prefix) fails like a wrong password, after equal work
        this.encoder.setDefaultPasswordEncoderForMatches(new NeverMatches());
    }

    /** @throws ServerBusy when every hashing thread is busy (at once, without waiting) */
    String hash(String password) {
        return bounded(() -> encoder.encode(password));
    }

    /** Hashes on the hashing thread {@code reserved} holds (it stays held: the caller closes it). */
    String hash(String password, Reservation reserved) {
        if (reserved.released()) {
            throw new IllegalStateException("the hashing thread was already given back");
        }
        return run(() -> encoder.encode(password));
    }

    /**
     * Takes a hashing thread now for a hash to come ({@link #hash(String, Reservation)}), so that a request which has
     * others' work to do first (parsing, looking up its session) does not find the threads taken by the time it hashes.
     *
     * @return empty when every hashing thread is busy or reserved
     */
    Optional<Reservation> reserve() {
        return permits.tryAcquire() ? Optional.of(new Reservation(permits)) : Optional.empty();
    }

    /** @throws ServerBusy when every hashing thread is busy (at once, without waiting) */
    boolean matches(String password, String storedHash) {
        return bounded(() -> encoder.matches(password, storedHash));
    }

    /** Whether every hashing thread is busy right now (a hash asked for now would be refused). */
    boolean allBusy() {
        return permits.availablePermits() == 0;
    }

    boolean needsRehash(String storedHash) {
        return encoder.upgradeEncoding(storedHash);
    }

    /**
     * Spends the time of one check and fails.
     *
     * @throws ServerBusy when every hashing thread is busy (at once, without waiting)
     */
    void verifyAgainstNothing(String password) {
        bounded(() -> argon2.matches(password, dummyHash));
    }

    /**
     * Runs one hash on a hashing thread, if one is free now: as many hashes run at once as there are threads (one for
     * every two cores by default), and one more is refused rather than queued, so a flood of registrations or logins costs those
     * requests a 503, not everyone else their latency.
     */
    private <T> T bounded(Callable<T> work) {
        if (!permits.tryAcquire()) {
            throw new ServerBusy();
        }
        try {
            return run(work);
        } finally {
            permits.release();
        }
    }

    /** Runs {@code work} on a hashing thread: the caller holds one of the permits, so one is free. */
    private <T> T run(Callable<T> work) {
        try {
            return threads.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerBusy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** One hashing thread held for a hash to come; {@link #close} gives it back (once, however often called). */
    static final class Reservation implements AutoCloseable {

        private final Semaphore permits;
        private final AtomicBoolean released = new AtomicBoolean();

        Reservation(Semaphore permits) {
            this.permits = permits;
        }

        boolean released() {
            return released.get();
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }

    /** For unreadable hashes: does the work of a check against the dummy hash, then says no. */
    private final class NeverMatches implements PasswordEncoder {

        @Override
        public String encode(CharSequence rawPassword) {
            throw new IllegalStateException("only for matching");
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            argon2.matches(rawPassword, dummyHash);
            return false;
        }
    }
}
