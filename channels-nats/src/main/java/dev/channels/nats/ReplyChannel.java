package dev.channels.nats;

import io.nats.client.Message;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The reply to one request, as a channel of capacity one that the reply (or its absence)
 * closes: one element then the end, or the end with {@link #failure()} saying why no reply came
 * (no responders on the subject, the timeout, the connection closed).
 *
 * @param <R> the reply's type
 */
final class ReplyChannel<R> extends InboundChannel<R> {
    private final CompletableFuture<Message> reply;

    ReplyChannel(String subject, CompletableFuture<Message> reply, Codec<R> codec) {
        super(1, "nats-reply:" + subject);
        this.reply = reply;
        reply.whenComplete((m, e) -> {
            if (e != null) {
                finish(closing() ? null : why(subject, e));
            } else if (m.isStatusMessage()) {
                finish(new IOException("nats: no responders on " + subject + " (" + m.getStatus() + ")"));
            } else {
                R value;
                try {
                    value = codec.decode(m.getData());
                } catch (RuntimeException bad) {
                    undecodable.incrementAndGet();
                    finish(new IOException("nats: the reply on " + subject + " could not be decoded", bad));
                    return;
                }
                local.trySend(value);                 // capacity one, and the only send: room
                finish(null);
            }
        });
    }

    private static Throwable why(String subject, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CancellationException || cause instanceof TimeoutException) {
            return new TimeoutException("nats: no reply on " + subject + " in time");
        }
        String text = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        if (text.contains("503") || text.toLowerCase(java.util.Locale.ROOT).contains("no responders")) {
            return new IOException("nats: no responders on " + subject, cause);
        }
        return new IOException("nats: request on " + subject + " failed: " + text, cause);
    }

    @Override
    void drain() {
        reply.cancel(false);                         // no longer waited for: the channel ends now
    }
}
