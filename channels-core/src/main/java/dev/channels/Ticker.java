package dev.channels;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * A running ticker, Go's {@code *time.Ticker}: delivers the time on {@link #channel()} every
 * period until stopped. Made by {@link Channels#newTicker}.
 *
 * <pre>{@code
 * // Go:                                   // Java:
 * t := time.NewTicker(time.Second)         try (Ticker t = Channels.newTicker(Duration.ofSeconds(1))) {
 * defer t.Stop()                               for (Instant now : t.channel()) {
 * for now := range t.C { fmt.Println(now) }        System.out.println(now);
 *                                              }
 *                                          }
 * }</pre>
 */
public final class Ticker implements AutoCloseable {
    private final Channel<Instant> channel;
    private final ScheduledFuture<?> task;

    Ticker(Channel<Instant> channel, ScheduledFuture<?> task) {
        this.channel = channel;
        this.task = task;
    }

    /**
     * The channel the ticks arrive on, Go's {@code t.C}. Buffered with capacity 1: a slow
     * receiver misses ticks rather than queuing them. It is never closed, not even by
     * {@link #stop()}, as in Go.
     *
     * @return the tick channel
     */
    public ReceiveChannel<Instant> channel() {
        return channel;
    }

    /** Stops the ticks, Go's {@code t.Stop()}. A tick already buffered stays. Idempotent. */
    public void stop() {
        task.cancel(false);
    }

    /** Same as {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }
}
