package dev.channels.nats;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a channel's elements become a NATS message's payload and back. A Go program does the
 * same with {@code json.Marshal} or its own encoding before {@code nc.Publish}.
 *
 * <p>{@link #decode} may throw on a payload it cannot read: a core subscription then drops the
 * message and counts it ({@link NatsReceiveChannel#undecodable()}); a JetStream consumer
 * terminates it ({@code term}), so that it is never redelivered, and counts it.
 *
 * @param <T> the element type
 */
public interface Codec<T> {
    /**
     * The payload for {@code value}.
     *
     * @param value a channel element, never null
     * @return its bytes
     */
    byte[] encode(T value);

    /**
     * The element a payload stands for.
     *
     * @param payload the message's bytes (empty, never null, for an empty message)
     * @return the element, never null
     * @throws RuntimeException if the payload is not one this codec wrote
     */
    T decode(byte[] payload);

    /**
     * Text as UTF-8.
     *
     * @return the codec
     */
    static Codec<String> utf8() {
        return of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * The payload as it is (the array is not copied).
     *
     * @return the codec
     */
    static Codec<byte[]> bytes() {
        return of(b -> b, b -> b);
    }

    /**
     * A {@code long} in decimal text, so that other NATS clients and the {@code nats} CLI read it.
     *
     * @return the codec
     */
    static Codec<Long> decimal() {
        return of(v -> Long.toString(v).getBytes(StandardCharsets.US_ASCII),
                b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII)));
    }

    /**
     * A codec from two functions.
     *
     * @param encode the element to bytes
     * @param decode bytes to the element (throws on bytes it cannot read)
     * @param <T> the element type
     * @return the codec
     */
    static <T> Codec<T> of(Function<? super T, byte[]> encode, Function<byte[], ? extends T> decode) {
        Objects.requireNonNull(encode, "encode");
        Objects.requireNonNull(decode, "decode");
        return new Codec<>() {
            @Override
            public byte[] encode(T value) {
                return encode.apply(value);
            }

            @Override
            public T decode(byte[] payload) {
                return decode.apply(payload);
            }
        };
    }
}
