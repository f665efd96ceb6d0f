package dev.channels.nats;

import io.nats.client.Connection;
import java.time.Duration;

/**
 * A core NATS subject as a send channel: at most once. A send hands the message to the client,
 * which writes it to the server; nothing waits for a subscriber, and a message published while
 * no one subscribes, or lost with a connection, is gone. While the client reconnects it keeps
 * what is sent in its reconnect buffer and writes it once connected; a send that finds that
 * buffer full throws.
 *
 * @param <T> the element type
 */
final class CorePublisher<T> extends OutboundChannel<T> {
    CorePublisher(Connection connection, String subject, Codec<T> codec) {
        super(connection, subject, codec);
    }

    @Override
    boolean publish(T value, Duration timeout) {
        byte[] payload = codec.encode(value);
        try {
            connection.publish(subject, payload);
        } catch (IllegalStateException e) {
            if (connection.getStatus() == Connection.Status.CLOSED) {
                throw lost();
            }
            throw new IllegalStateException("nats: publish to " + subject + " refused: " + e.getMessage(), e);
        }
        published.incrementAndGet();
        return true;
    }
}
