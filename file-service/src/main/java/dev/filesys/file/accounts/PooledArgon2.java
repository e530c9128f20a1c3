package dev.filesys.file.accounts;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2 hashes in the encoding of Spring Security's {@code Argon2PasswordEncoder} ({@code
 * $argon2id$v=19$m=…,t=…,p=…$salt$hash}, Base64 without padding; hashes of either read with the other), computed in
 * memory blocks that are reused from hash to hash.
 *
 * <p>Why: a hash fills {@code m} KiB (19 MiB at OWASP's minimum) in 1 KiB blocks. Allocated anew for every hash, as
 * Spring's encoder does, they are young garbage that is alive for the whole hash, so every young collection during a
 * hash copies up to 19 MiB per running hash and promotes what the survivor space cannot hold; with the serial
 * collector a container of 2 cores gets, that made pauses of 50-230 ms during a flood of registrations, which every
 * request then waited out. Kept in a pool sized for the hashes that may run at once, the blocks are allocated once,
 * move to the old generation once and stay there (about 19 MiB per hashing thread, for the life of the process).
 */
final class PooledArgon2 implements PasswordEncoder {

    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final int saltBytes;
    private final int hashBytes;
    private final int parallelism;
    private final int memoryKib;
    private final int iterations;
    private final Argon2BytesGenerator.BlockPool blocks;
    private final SecureRandom random = new SecureRandom();

    /** @param concurrentHashes how many hashes may run at once: the pool keeps the blocks of that many */
    PooledArgon2(int saltBytes, int hashBytes, int parallelism, int memoryKib, int iterations, int concurrentHashes) {
        this.saltBytes = saltBytes;
        this.hashBytes = hashBytes;
        this.parallelism = parallelism;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.blocks = new Argon2BytesGenerator.FixedBlockPool(
                Argon2BytesGenerator.getBlockCount(memoryKib, parallelism) * concurrentHashes);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        byte[] salt = new byte[saltBytes];
        random.nextBytes(salt);
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withParallelism(parallelism)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withBlockPool(blocks)
                .build();
        byte[] hash = generate(parameters, rawPassword, hashBytes);
        return "$argon2id$v=" + parameters.getVersion() + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        Stored stored;
        try {
            stored = Stored.decode(encodedPassword);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(stored.type())
                .withVersion(stored.version())
                .withSalt(stored.salt())
                .withParallelism(stored.parallelism())
                .withMemoryAsKB(stored.memoryKib())
                .withIterations(stored.iterations())
                .withBlockPool(blocks)
                .build();
        return MessageDigest.isEqual(stored.hash(), generate(parameters, rawPassword, stored.hash().length));
    }

    /** A hash made with less memory or fewer iterations than now is re-hashed at the next login. */
    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        if (encodedPassword == null || encodedPassword.isEmpty()) {
            return false;
        }
        try {
            Stored stored = Stored.decode(encodedPassword);
            return stored.memoryKib() < memoryKib || stored.iterations() < iterations;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] generate(Argon2Parameters parameters, CharSequence rawPassword, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[length];
        generator.generateBytes(rawPassword.toString().toCharArray(), hash);
        return hash;
    }

    /** A stored hash: {@code $argon2<type>$v=<version>$m=<kib>,t=<iterations>,p=<lanes>$<salt>$<hash>}. */
    private record Stored(
            int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

        static Stored decode(String encoded) {
            String[] parts = encoded.split("\\$");
            if (parts.length != 6 || !parts[0].isEmpty() || !parts[2].startsWith("v=")) {
                throw new IllegalArgumentException("not an Argon2 hash");
            }
            int type = switch (parts[1]) {
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                default -> throw new IllegalArgumentException("not an Argon2 type: " + parts[1]);
            };
            int memory = -1;
            int iterations = -1;
            int lanes = -1;
            for (String setting : parts[3].split(",")) {
                String[] pair = setting.split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("not an Argon2 setting: " + setting);
                }
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> memory = value;
                    case "t" -> iterations = value;
                    case "p" -> lanes = value;
                    default -> throw new IllegalArgumentException("not an Argon2 setting: " + setting);
                }
            }
            if (memory < 1 || iterations < 1 || lanes < 1) {
                throw new IllegalArgumentException("an Argon2 hash needs m, t and p");
            }
            return new Stored(
                    type,
                    Integer.parseInt(parts[2].substring(2)),
                    memory,
                    iterations,
                    lanes,
                    BASE64_DECODER.decode(parts[4]),
                    BASE64_DECODER.decode(parts[5]));
        }
    }
}
