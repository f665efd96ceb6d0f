/**
 * Go's concurrency model for Java: channels, select, WaitGroup, Context, ErrGroup, timers,
 * weighted semaphores and broadcast, with Go's semantics, on virtual threads; and Go's
 * {@code testing/synctest} and goroutine dumps. Everything is in the package {@link dev.channels};
 * only its public types are API, the rest stays inside the module.
 */
module dev.channels {
    exports dev.channels;

    // The library's JFR events (ChannelEvents). Part of every JDK; the events cost nothing
    // until a recording enables them.
    requires jdk.jfr;
}
