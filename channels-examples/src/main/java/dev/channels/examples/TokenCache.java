package dev.channels.examples;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.Channels;
import dev.channels.Context;
import dev.channels.ReceiveChannel;
import dev.channels.Select;
import dev.channels.Timer;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Seed 002's server-level process: a token cache that refreshes itself in the background for
 * the whole life of the server, and hands tokens out through request messages whose reply
 * channel is the caller's future, so a caller never waits on a lock and can give up on its own
 * context.
 *
 * <p>The refresh may fail, even throw anything (Go's panic): the process catches it (recover),
 * logs it, and tries again after a pause, until {@code maxFailures} failures in a row, when it
 * stops and reports why on {@link #failed()}, so that the server can shut down on purpose rather
 * than crash. It also stops when its context is done. Once stopped, every pending and later
 * request gets an error at once, never a hang.
 */
final class TokenCache {
    /** Gets a new token; may block, fail or throw. */
    @FunctionalInterface
    interface Refresher {
        String refresh(Context ctx) throws Exception;
    }

    /** A token, or why there is none. */
    record Response(String token, String error) {
    }

    /** A caller's request: its context, and its future. */
    private record Request(Context ctx, Channel<Response> reply) {
    }

    private final Refresher refresher;
    private final Duration ttl;
    private final Duration retryPause;
    private final int maxFailures;
    private final PrintStream log;
    private final Channel<Request> requests = Channel.unbuffered();
    private final Channel<Void> stopped = Channel.unbuffered();           // closed when the process ends
    private final Channel<String> failed = Channel.buffered(1);           // why, if it gave up
    private volatile String stopReason = "token cache stopped";

    TokenCache(Refresher refresher, Duration ttl, Duration retryPause, int maxFailures, PrintStream log) {
        this.refresher = refresher;
        this.ttl = ttl;
        this.retryPause = retryPause;
        this.maxFailures = maxFailures;
        this.log = log;
    }

    /** Starts the background process; it lives until {@code ctx} is done or refreshing gives up. */
    Thread start(Context ctx) {
        return Channels.go(() -> {
            try {
                run(ctx);
            } finally {
                stopped.close();
                for (Request r; (r = requests.tryReceive()) != null; ) { // only a racing one can be there
                    r.reply().send(new Response(null, stopReason));
                }
            }
        });
    }

    /** Closed once the process has stopped. */
    ReceiveChannel<Void> stopped() {
        return stopped;
    }

    /** Delivers the reason once, if the process gave up after too many failed refreshes. */
    ReceiveChannel<String> failed() {
        return failed;
    }

    /**
     * Asks for the token: the returned channel (a future) delivers one {@link Response}, the
     * token or an error if {@code ctx} is done first or the cache has stopped.
     */
    ReceiveChannel<Response> getToken(Context ctx) throws InterruptedException {
        Channel<Response> reply = Channel.buffered(1);
        Response early = Select.select(
                requests.onSend(new Request(ctx, reply), () -> null),
                ctx.onDone(() -> new Response(null, String.valueOf(ctx.err()))),
                stopped.onReceiveOk(closed -> new Response(null, stopReason)));
        if (early != null) {
            reply.send(early);
        }
        return reply;
    }

    /**
     * The process: serve requests with the current token, refresh when the expiry timer fires
     * (and reset it), stop when the context is done. Go's twin:
     *
     * <pre>{@code
     * expiry := time.NewTimer(ttl)
     * defer expiry.Stop()
     * for {
     *     select {
     *     case req := <-requests:
     *         req.reply <- Response{token: token}
     *     case <-expiry.C:
     *         if token = refreshUntilItWorks(ctx); token == "" { return }
     *         expiry.Reset(ttl)
     *     case <-ctx.Done():
     *         return
     *     }
     * }
     * }</pre>
     */
    private void run(Context ctx) throws InterruptedException {
        String token = refreshUntilItWorks(ctx);
        if (token == null) {
            return;
        }
        Timer expiry = Channels.newTimer(ttl);
        try {
            var request = Select.recv(requests);
            var expired = Select.recv(expiry.channel());
            var done = Select.recv(ctx.done());
            for (;;) {
                var s = Select.await(request, expired, done);
                if (s.is(done)) {
                    stopReason = "token cache stopped: " + ctx.err();
                    log.println("token cache: stopping (" + ctx.err() + ")");
                    return;
                }
                if (s.is(expired)) {
                    token = refreshUntilItWorks(ctx);
                    if (token == null) {
                        return;
                    }
                    expiry.reset(ttl);
                    continue;
                }
                s.value(request).reply().trySend(new Response(token, null)); // room for one: never blocks
            }
        } finally {
            expiry.stop();
        }
    }

    /**
     * Refreshes, recovering from any failure: log, pause, retry, up to {@code maxFailures} in a
     * row. Returns the new token, or null if it gave up (reported on {@link #failed()}) or the
     * context is done.
     */
    private String refreshUntilItWorks(Context ctx) throws InterruptedException {
        for (int failures = 0; ; ) {
            try {
                String token = refresher.refresh(ctx);
                log.println("token cache: refreshed");
                return token;
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable t) {                 // Go's recover(): a panic must not kill the server
                failures++;
                log.println("token cache: refresh failed (" + failures + "/" + maxFailures + "): " + t);
                if (failures >= maxFailures) {
                    stopReason = "token cache stopped: refresh failed " + failures + " times in a row, last: " + t;
                    failed.trySend(stopReason);
                    return null;
                }
            }
            boolean done = Select.select(ctx.onDone(() -> true), Select.timeoutCase(retryPause, () -> false));
            if (done) {
                stopReason = "token cache stopped: " + ctx.err();
                return null;
            }
        }
    }

    /** For callers that want the token or an exception. */
    static String tokenOrThrow(ReceiveChannel<Response> future) throws InterruptedException {
        try {
            Response r = future.receive();
            if (r.error() != null) {
                throw new IllegalStateException(r.error());
            }
            return r.token();
        } catch (ChannelClosedException e) {
            throw new IllegalStateException("no answer", e);
        }
    }
}
