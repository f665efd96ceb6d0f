package dev.channels;

/**
 * A {@link Context} its creator can cancel: what Go's {@code WithCancel}, {@code WithDeadline}
 * and {@code WithTimeout} return as a context and a {@code cancel} function. Closing it cancels
 * it, so try-with-resources plays the part of {@code defer cancel()}.
 */
public interface CancelableContext extends Context, AutoCloseable {

    /**
     * Makes this context and all its descendants done with {@link Context.Err#CANCELED}, unless
     * already done; releases its timer and its registration with its parent. Idempotent, like
     * Go's cancel functions. Same as {@code cancel(null)}.
     */
    default void cancel() {
        cancel(null);
    }

    /**
     * As {@link #cancel()}, with {@code cause} as what {@link #cause()} returns, for this context
     * and its descendants: the {@code cancel(cause)} of Go's {@code WithCancelCause}. The first
     * cancel wins (a later one changes neither the error nor the cause).
     *
     * @param cause why, or null for the usual {@code CancellationException("context canceled")}
     */
    void cancel(Throwable cause);

    /** Same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
