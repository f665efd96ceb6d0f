package dev.channels;

import java.io.Serial;

/**
 * Wraps an {@link InterruptedException} where the calling interface cannot throw a checked
 * exception: the {@link java.util.Iterator} and {@link java.util.stream.Stream} views of a
 * channel. The thread's interrupt flag is set again before this is thrown, so the interruption
 * is not lost to code further up.
 */
public final class UncheckedInterruptedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Wraps {@code cause}.
     *
     * @param cause the interruption that stopped a blocking call
     */
    public UncheckedInterruptedException(InterruptedException cause) {
        super(cause);
    }

}
