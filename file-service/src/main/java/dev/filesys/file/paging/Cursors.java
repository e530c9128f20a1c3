package dev.filesys.file.paging;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.ClusterToken;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes and reads the cursors of every listing. A cursor is the last row's {@link Keyset.Position}, signed with
 * HMAC-SHA256 under a key derived from the cluster token, so every instance accepts every other's cursors (a client's
 * next page may reach another instance) and nobody else can make one. The signature also covers the {@link Listing}
 * and the order the cursor was made for: a cursor from another listing, another user, another order, or altered in
 * any way is {@code 400 INVALID_CURSOR}.
 *
 * <p>The cursor: base64url (no padding) of {@code version (1) | group (1) | key type (1) | key | id (16) | tag (16)},
 * where the key is a UTF-8 name with a 2-byte length, a time as epoch seconds (8) and nanoseconds (4), or a size (8),
 * and the tag is the first 16 bytes of the MAC over the listing's identity, a zero byte and everything before the tag.
 * Clients treat it as opaque.
 */
@Component
public class Cursors {

    private static final String KEY_PURPOSE = "filesys listing cursors v1";
    private static final byte VERSION = 1;
    private static final int TAG_BYTES = 16;
    private static final int MAX_CURSOR_CHARS = 2048;
    private static final int MAX_NAME_BYTES = 1024;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The Java type of a sort key in a {@link Keyset.Position}: {@code String}, {@code Instant} or {@code Long}. */
    private enum KeyType {
        TEXT,
        TIME,
        NUMBER
    }

    private final SecretKeySpec key;

    @Autowired
    Cursors(FileServiceProperties properties) {
        this(ClusterToken.configured(properties.balancer().clusterToken(), "file-service")
                .derivedKey(KEY_PURPOSE));
    }

    Cursors(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * Where the requested page starts.
     *
     * @throws ApiException {@code 400 INVALID_CURSOR} when the request's cursor was not made by this cluster for this
     *     listing in this order
     */
    public Keyset keyset(PageRequest request, Listing listing) {
        String cursor = request.cursor();
        return new Keyset(request.sort(), cursor == null ? null : read(cursor, listing, request.sort()));
    }

    /**
     * The page from the rows a query read with {@link PageRequest#fetchSize()} as its limit: the first
     * {@link PageRequest#limit()} of them, and a cursor after the last of those if there were more.
     *
     * @param position each row's place in the listing (called for the page's last row only)
     */
    public <T> Page<T> page(
            List<T> rows, PageRequest request, Listing listing, Function<? super T, Keyset.Position> position) {
        if (rows.size() <= request.limit()) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, request.limit());
        return new Page<>(items, write(listing, request.sort(), position.apply(items.getLast())));
    }

    /**
     * The cursor of the page after the row at {@code position} in {@code listing} sorted by {@code sort}. The key is
     * usually of the sort field's type; a group of rows without that field carries another (folders, which have no
     * size of their own, are keyed by name in a listing by size).
     */
    public String write(Listing listing, PageSort sort, Keyset.Position position) {
        ByteBuffer payload = ByteBuffer.allocate(3 + 2 + MAX_NAME_BYTES + 16);
        payload.put(VERSION).put((byte) position.group()).put((byte)
                keyType(position.key()).ordinal());
        switch (position.key()) {
            case String name -> {
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > MAX_NAME_BYTES) {
                    throw new IllegalArgumentException("a name key of " + bytes.length + " bytes");
                }
                payload.putShort((short) bytes.length).put(bytes);
            }
            case Instant time -> payload.putLong(time.getEpochSecond()).putInt(time.getNano());
            case Long size -> payload.putLong(size);
            default -> throw new IllegalArgumentException("unknown key " + position.key());
        }
        payload.putLong(position.id().getMostSignificantBits())
                .putLong(position.id().getLeastSignificantBits());
        byte[] body = Arrays.copyOf(payload.array(), payload.position());
        byte[] token = Arrays.copyOf(body, body.length + TAG_BYTES);
        System.arraycopy(tag(listing.identity(sort), body), 0, token, body.length, TAG_BYTES);
        return ENCODER.encodeToString(token);
    }

    private Keyset.Position read(String cursor, Listing listing, PageSort sort) {
        if (cursor.length() > MAX_CURSOR_CHARS) {
            throw invalid();
        }
        byte[] token;
        try {
            token = DECODER.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (token.length <= TAG_BYTES) {
            throw invalid();
        }
        byte[] body = Arrays.copyOf(token, token.length - TAG_BYTES);
        byte[] presented = Arrays.copyOfRange(token, body.length, token.length);
        if (!MessageDigest.isEqual(tag(listing.identity(sort), body), presented)) {
            throw invalid();
        }
        try {
            ByteBuffer fields = ByteBuffer.wrap(body);
            int version = fields.get();
            int group = fields.get();
            int keyType = fields.get();
            if (version != VERSION || keyType < 0 || keyType >= KeyType.values().length) {
                throw invalid();
            }
            Object key = switch (KeyType.values()[keyType]) {
                case TEXT -> {
                    byte[] name = new byte[fields.getShort()];
                    fields.get(name);
                    yield new String(name, StandardCharsets.UTF_8);
                }
                case TIME -> Instant.ofEpochSecond(fields.getLong(), fields.getInt());
                case NUMBER -> fields.getLong();
            };
            UUID id = new UUID(fields.getLong(), fields.getLong());
            if (fields.hasRemaining()) {
                throw invalid();
            }
            return new Keyset.Position(group, key, id);
        } catch (BufferUnderflowException
                | NegativeArraySizeException
                | DateTimeException
                | IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static KeyType keyType(Object key) {
        return switch (key) {
            case String name -> KeyType.TEXT;
            case Instant time -> KeyType.TIME;
            default -> KeyType.NUMBER;
        };
    }

    private byte[] tag(String identity, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(identity.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(body), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static ApiException invalid() {
        return ApiError.INVALID_CURSOR.exception(
                "The cursor is not one this listing gave out: send the nextCursor of the page before, with the same"
                        + " sort and the same other parameters, or no cursor for the first page.");
    }
}
