package dev.channels.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.NUID;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subject of a JetStream stream as a send channel: a send returns once the stream has stored
 * the element and said so (its publish acknowledgement).
 *
 * <p>Each element gets a message id, kept across retries. A send whose acknowledgement does not
 * come (the server died, the client is reconnecting) publishes again with the same id, pausing
 * longer each time, until one is acknowledged: the stream stores a message once per id within
 * its duplicate window (two minutes by default), so a retry that follows a lost acknowledgement
 * does not store it twice. It gives up only when the connection is closed for good (the send
 * then throws {@link dev.channels.ChannelClosedException} with the cause), when a timed send's
 * time is up (it returns false: the element may or may not have been stored), when the stream
 * refuses the message (an {@link IllegalStateException} with the stream's reason), and when no
 * stream has answered for five seconds: no stream captures the subject.
 *
 * @param <T> the element type
 */
final class JetStreamPublisher<T> extends OutboundChannel<T> {
    /** How long one publish waits for its acknowledgement before it is sent again. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(2);
    private static final long MAX_PAUSE_MILLIS = 1000;
    /** How long "no responders" may last before it means that no stream captures the subject. */
    private static final Duration NO_STREAM_AFTER = Duration.ofSeconds(5);

    private final JetStream jetStream;
    final AtomicLong retries = new AtomicLong();

    JetStreamPublisher(Connection connection, String subject, Codec<T> codec) throws IOException {
        super(connection, subject, codec);
        this.jetStream = connection.jetStream();
    }

    @Override
    boolean publish(T value, Duration timeout) throws InterruptedException {
        byte[] payload = codec.encode(value);
        String id = NUID.nextGlobal();
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        long pause = 10;
        long firstNoResponders = 0;
        for (;;) {
            Duration wait = ACK_WAIT;
            if (timeout != null) {
                long left = deadline - System.nanoTime();
                wait = Duration.ofNanos(Math.max(Math.min(left, ACK_WAIT.toNanos()), Duration.ofMillis(100).toNanos()));
            }
            try {
                jetStream.publish(subject, payload, PublishOptions.builder().messageId(id).streamTimeout(wait).build());
                published.incrementAndGet();
                return true;
            } catch (JetStreamApiException e) {
                throw new IllegalStateException("nats: the stream refused the message on " + subject + ": " + e.getMessage(), e);
            } catch (IOException | IllegalStateException noAck) {
                if (connection.getStatus() == Connection.Status.CLOSED) {
                    throw lost();
                }
                if (noResponders(noAck)) {
                    // No stream answered: none captures the subject, or (briefly) JetStream is
                    // not up again after a restart. Only the first lasts.
                    if (firstNoResponders == 0) {
                        firstNoResponders = System.nanoTime();
                    } else if (System.nanoTime() - firstNoResponders > NO_STREAM_AFTER.toNanos()) {
                        throw new IllegalStateException("nats: no stream captures subject " + subject
                                + " (no responders for " + NO_STREAM_AFTER.toSeconds() + " s)", noAck);
                    }
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timeout != null && deadline - System.nanoTime() <= 0) {
                    return false;
                }
                retries.incrementAndGet();
                Thread.sleep(pause);
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** NATS's 503: no subscriber (here: no stream) for the request. The client says it in words only. */
    private static boolean noResponders(Exception e) {
        String m = e.getMessage();
        return m != null && (m.contains("503") || m.contains("No Responders"));
    }
}
