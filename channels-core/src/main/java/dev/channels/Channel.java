package dev.channels;

/**
 * A Go channel: both ends in one object, Go's {@code chan T}.
 *
 * <p>Hand out the narrower {@link SendChannel} or {@link ReceiveChannel} view to code that
 * should only send or only receive, as Go's {@code chan<- T} and {@code <-chan T}.
 *
 * <pre>{@code
 * // Go:                                 // Java:
 * ch := make(chan int)                   Channel<Integer> ch = Channel.unbuffered();
 * go func() { ch <- 42 }()               Channels.go(() -> ch.send(42));
 * fmt.Println(<-ch)                      System.out.println(ch.receive());
 * }</pre>
 *
 * <p>All operations are safe from any number of threads, virtual or platform. Blocked threads
 * park and, on virtual threads, unmount from their carrier.
 *
 * @param <T> the element type
 */
public interface Channel<T> extends SendChannel<T>, ReceiveChannel<T> {

    /**
     * Makes an unbuffered channel, Go's {@code make(chan T)}: each send waits for a receiver
     * and hands its element directly to it.
     *
     * @param <T> the element type
     * @return a new open channel with capacity 0
     */
    static <T> Channel<T> unbuffered() {
        ChannelImpl<T> ch = new ChannelImpl<>(0);
        Diagnostics.created(ch);
        return ch;
    }

    /**
     * {@link #unbuffered()}, named: the name shows in the channel's {@code toString}, in
     * {@link Diagnostics} dumps, in {@link Synctest}'s deadlock reports and in JFR events.
     *
     * @param name what to call it, such as {@code "jobs"}
     * @param <T> the element type
     * @return a new open channel with capacity 0
     * @throws NullPointerException if {@code name} is null
     */
    static <T> Channel<T> unbuffered(String name) {
        ChannelImpl<T> ch = new ChannelImpl<>(0);
        Diagnostics.name(ch, java.util.Objects.requireNonNull(name, "name"));
        return ch;
    }

    /**
     * Makes a buffered channel, Go's {@code make(chan T, capacity)}: sends complete without a
     * receiver while fewer than {@code capacity} elements are buffered. A capacity of 0 makes an
     * unbuffered channel.
     *
     * @param capacity the buffer size, at least 0
     * @param <T> the element type
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is negative or above 2<sup>30</sup>
     */
    static <T> Channel<T> buffered(int capacity) {
        ChannelImpl<T> ch = new ChannelImpl<>(ChannelBuffer.checkedCapacity(capacity));
        Diagnostics.created(ch);
        return ch;
    }

    /**
     * {@link #buffered(int)}, named: the name shows in the channel's {@code toString}, in
     * {@link Diagnostics} dumps, in {@link Synctest}'s deadlock reports and in JFR events.
     *
     * @param capacity the buffer size, at least 0
     * @param name what to call it, such as {@code "results"}
     * @param <T> the element type
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is negative or above 2<sup>30</sup>
     * @throws NullPointerException if {@code name} is null
     */
    static <T> Channel<T> buffered(int capacity, String name) {
        ChannelImpl<T> ch = new ChannelImpl<>(ChannelBuffer.checkedCapacity(capacity));
        Diagnostics.name(ch, java.util.Objects.requireNonNull(name, "name"));
        return ch;
    }

}
