package dev.channels;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The sending end of a channel, Go's {@code chan<- T}.
 *
 * <p>{@code null} is never an element: every send form throws {@link NullPointerException} for
 * it. A send on a closed channel, or one that is blocked when the channel is closed, throws
 * {@link ChannelClosedException} with Go's message {@code "send on closed channel"}; its element
 * is not delivered.
 *
 * <pre>{@code
 * // Go: ch <- v
 * ch.send(v);
 * // Go: select { case ch <- v: default: }
 * boolean sent = ch.trySend(v);
 * }</pre>
 *
 * @param <T> the element type
 */
public interface SendChannel<T> {

    /**
     * Sends {@code value}, blocking until a receiver takes it (unbuffered channel) or there is
     * room in the buffer. Go's {@code ch <- v}.
     *
     * @param value the element, not null
     * @throws InterruptedException if the thread is interrupted before or while blocked; the
     *         element is then not sent
     * @throws ChannelClosedException if the channel is closed before or while blocked
     * @throws NullPointerException if {@code value} is null
     */
    void send(T value) throws InterruptedException;

    /**
     * Sends {@code value} only if that can be done without blocking: a receiver is waiting, or
     * the buffer has room. Go's {@code select { case ch <- v: default: }}.
     *
     * @param value the element, not null
     * @return true if sent, false if the send would have blocked
     * @throws ChannelClosedException if the channel is closed
     * @throws NullPointerException if {@code value} is null
     */
    boolean trySend(T value);

    /**
     * Sends {@code value}, blocking at most {@code timeout}.
     *
     * @param value the element, not null
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @return true if sent, false if the time ran out first (the element was then not sent)
     * @throws InterruptedException if the thread is interrupted before or while blocked
     * @throws ChannelClosedException if the channel is closed before or while blocked
     * @throws NullPointerException if {@code value} or {@code timeout} is null
     */
    boolean send(T value, Duration timeout) throws InterruptedException;

    /**
     * Closes the channel, Go's {@code close(ch)}. Receivers drain the elements still buffered
     * and then see the closure; blocked senders throw {@link ChannelClosedException}; blocked
     * receivers of an empty channel wake and see the closure.
     *
     * @throws ChannelClosedException with {@code "close of closed channel"} if already closed
     */
    void close();

    /**
     * Tells whether {@link #close()} has been called. Buffered elements may remain.
     *
     * @return true once the channel is closed
     */
    boolean isClosed();

    /**
     * A select clause that sends {@code value} and then runs {@code then}: Go's
     * {@code case ch <- v:}. If the channel is closed when this clause is chosen, {@code select}
     * throws {@link ChannelClosedException}.
     *
     * @param value the element to send, not null
     * @param then the code to run once the element is sent; its result is {@code select}'s
     * @param <R> the result type
     * @return the clause
     * @throws NullPointerException if {@code value} or {@code then} is null
     */
    <R> SelectCase<R> onSend(T value, Supplier<? extends R> then);
}
