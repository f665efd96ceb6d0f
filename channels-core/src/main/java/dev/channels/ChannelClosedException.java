package dev.channels;

import java.io.Serial;

/**
 * Thrown by an operation that can never complete because its channel is closed: a send on a
 * closed channel, a receive on a channel that is closed and drained, and a second {@code close}.
 *
 * <p>The messages follow Go's panics: {@code "send on closed channel"},
 * {@code "close of closed channel"}, and {@code "receive from closed channel"} for the case Go
 * reports with {@code ok == false}. Unchecked, like Go's panic, because it signals the end of a
 * conversation rather than a failure to recover from locally; {@link ReceiveChannel#receiveOk()}
 * and {@link ReceiveChannel#iterator()} tell closure without it.
 */
public final class ChannelClosedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with the given message.
     *
     * @param message what was attempted on the closed channel
     */
    public ChannelClosedException(String message) {
        super(message);
    }

    static ChannelClosedException sendOnClosed() {
        return new ChannelClosedException("send on closed channel");
    }

    static ChannelClosedException receiveFromClosed() {
        return new ChannelClosedException("receive from closed channel");
    }

    static ChannelClosedException closeOfClosed() {
        return new ChannelClosedException("close of closed channel");
    }
}
