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
     * Go's cancel functions.
     */
    void cancel();

    /** Same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
