package dev.channels.nats;

import dev.channels.SendChannel;
import io.nats.client.Connection;
import java.util.Objects;

/**
 * A request received by a {@link NatsChannels#serve} channel, carrying the channel its reply goes
 * to: seed 000's {@code Request} with its {@code replyc}, across processes. The reply channel is
 * the requester's inbox subject; sending on it publishes the reply there.
 *
 * <pre>{@code
 * // Go, in one process:                    // Java, across processes:
 * for req := range service {                for (Request<Pair, Long> req : service) {
 *     go func() {                               Channels.go(() ->
 *         req.replyc <- op(req.a, req.b)            req.replyTo().send(op(req.value())));
 *     }()                                   }
 * }
 * }</pre>
 *
 * <p>At most once, as core NATS: a reply whose requester has gone (timed out, died) is dropped.
 *
 * @param <Q> the request's type
 * @param <R> the reply's type
 */
public final class Request<Q, R> {
    private final Q value;
    private final String replySubject;
    private final Connection connection;
    private final Codec<R> replyCodec;
    private volatile SendChannel<R> replyTo;

    Request(Q value, String replySubject, Connection connection, Codec<R> replyCodec) {
        this.value = Objects.requireNonNull(value, "value");
        this.replySubject = replySubject;
        this.connection = connection;
        this.replyCodec = replyCodec;
    }

    /**
     * What was asked.
     *
     * @return the decoded request
     */
    public Q value() {
        return value;
    }

    /**
     * Whether the requester waits for a reply (a plain publish to the subject has no inbox).
     *
     * @return true if {@link #replyTo()} leads somewhere
     */
    public boolean expectsReply() {
        return replySubject != null;
    }

    /**
     * The channel the reply goes to: sending on it publishes to the requester's inbox. Usable in
     * {@code Select} as any send channel.
     *
     * @return the reply channel
     * @throws IllegalStateException if the request carried no reply subject
     */
    public SendChannel<R> replyTo() {
        if (replySubject == null) {
            throw new IllegalStateException("the request carried no reply subject: it was published, not requested");
        }
        SendChannel<R> c = replyTo;
        if (c == null) {
            synchronized (this) {
                c = replyTo;
                if (c == null) {
                    replyTo = c = new CorePublisher<>(connection, replySubject, replyCodec);
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "Request[" + value + (replySubject != null ? " -> " + replySubject : "") + "]";
    }
}
