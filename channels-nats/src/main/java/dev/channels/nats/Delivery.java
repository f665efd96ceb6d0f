package dev.channels.nats;

import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * One message of a JetStream consumer, received from a {@link NatsChannels#pullConsumer} channel,
 * and the receiver's answer to it. Until it is acknowledged the stream keeps it for this
 * consumer: if no answer comes within the consumer's ack wait (or the receiver's process dies),
 * it is delivered again, with {@link #deliveredCount()} one higher. So a consumer sees every
 * message at least once; a handler that must not act twice checks {@link #redelivered()} or
 * keys its effect by {@link #streamSequence()}.
 *
 * <pre>{@code
 * // Go (nats.go):                            // Java:
 * msgs, _ := sub.Fetch(10)                    for (Delivery<Job> d : jobs) {
 * for _, m := range msgs {                        handle(d.value());
 *     handle(m.Data)                              d.ack();
 *     m.Ack()                                 }
 * }
 * }</pre>
 *
 * @param <T> the element type
 */
public final class Delivery<T> {
    private final T value;
    private final Message message;
    private final NatsJetStreamMetaData meta;

    Delivery(T value, Message message) {
        this.value = Objects.requireNonNull(value, "value");
        this.message = message;
        this.meta = message.metaData();
    }

    /**
     * The element.
     *
     * @return the decoded payload
     */
    public T value() {
        return value;
    }

    /** Done with it: the stream will not deliver it to this consumer again (fire and forget). */
    public void ack() {
        message.ack();
    }

    /**
     * Done with it, and waits until the server confirms: after this returns, a crash of either
     * side cannot bring it back. The safe choice before an effect that must not repeat.
     *
     * @param timeout how long to wait for the confirmation
     * @throws TimeoutException if none came in time (it may or may not have been recorded)
     * @throws InterruptedException if interrupted while waiting
     */
    public void ackSync(Duration timeout) throws TimeoutException, InterruptedException {
        message.ackSync(timeout);
    }

    /** Failed: deliver it again now (to this or another receiver of the consumer). */
    public void nak() {
        message.nak();
    }

    /**
     * Failed: deliver it again after {@code delay}.
     *
     * @param delay how long the stream holds it back
     */
    public void nak(Duration delay) {
        message.nakWithDelay(delay);
    }

    /** Still working on it: restarts the ack wait, so that it is not redelivered meanwhile. */
    public void inProgress() {
        message.inProgress();
    }

    /** Never deliver it again, acknowledged or not (a poison message). */
    public void term() {
        message.term();
    }

    /**
     * How many times the stream has delivered it to this consumer, this time included.
     *
     * @return 1 on the first delivery
     */
    public long deliveredCount() {
        return meta.deliveredCount();
    }

    /**
     * Whether it was delivered before (and not acknowledged then).
     *
     * @return {@code deliveredCount() > 1}
     */
    public boolean redelivered() {
        return meta.deliveredCount() > 1;
    }

    /**
     * Its position in the stream: the same on every redelivery, so a key for effects that must
     * happen once.
     *
     * @return the stream sequence number
     */
    public long streamSequence() {
        return meta.streamSequence();
    }

    /**
     * The subject it was published to.
     *
     * @return the subject
     */
    public String subject() {
        return message.getSubject();
    }

    @Override
    public String toString() {
        return "Delivery[" + value + ", seq " + meta.streamSequence() + ", delivered " + meta.deliveredCount() + "]";
    }
}
