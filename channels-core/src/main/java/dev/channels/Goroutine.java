package dev.channels;

/**
 * The body of a goroutine started by {@link Channels#go(Goroutine)}: a {@link Runnable} that may
 * throw, so that code which sends and receives needs no {@code try}/{@code catch} for
 * {@link InterruptedException}.
 */
@FunctionalInterface
public interface Goroutine {
    /**
     * Runs the goroutine.
     *
     * @throws Exception anything; see {@link Channels#go(Goroutine)} for where it goes
     */
    void run() throws Exception;
}
