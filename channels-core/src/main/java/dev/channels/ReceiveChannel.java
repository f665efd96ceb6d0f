package dev.channels;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving end of a channel, Go's {@code <-chan T}.
 *
 * <p>Receives take elements in the order they were sent (FIFO). Once the channel is closed,
 * receives keep taking the elements still buffered; when it is closed and drained,
 * {@link #receive()} and {@link #tryReceive()} throw {@link ChannelClosedException}, while
 * {@link #receiveOk()} returns an empty {@code Optional} and iteration ends, as Go's
 * {@code v, ok := <-ch} and {@code for v := range ch}.
 *
 * <pre>{@code
 * // Go: for v := range ch { fmt.Println(v) }
 * for (String v : ch) {
 *     System.out.println(v);
 * }
 * // Go: v, ok := <-ch
 * Optional<String> v = ch.receiveOk();
 * }</pre>
 *
 * @param <T> the element type
 */
public interface ReceiveChannel<T> extends Iterable<T> {

    /**
     * Receives the next element, blocking until one is sent. Go's {@code <-ch}.
     *
     * @return the element, never null
     * @throws InterruptedException if the thread is interrupted before or while blocked; no
     *         element is then taken
     * @throws ChannelClosedException if the channel is closed and drained, before or while
     *         blocked
     */
    T receive() throws InterruptedException;

    /**
     * Receives an element only if one is ready: buffered, or offered by a blocked sender.
     *
     * @return the element, or null if a receive would have blocked
     * @throws ChannelClosedException if the channel is closed and drained
     */
    T tryReceive();

    /**
     * Receives the next element, blocking at most {@code timeout}.
     *
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @return the element, or null if the time ran out first
     * @throws InterruptedException if the thread is interrupted before or while blocked
     * @throws ChannelClosedException if the channel is closed and drained, before or while
     *         blocked
     * @throws NullPointerException if {@code timeout} is null
     */
    T receive(Duration timeout) throws InterruptedException;

    /**
     * Receives the next element, or tells that the channel is closed and drained without
     * throwing: Go's {@code v, ok := <-ch}.
     *
     * @return the element, or an empty {@code Optional} once the channel is closed and drained
     * @throws InterruptedException if the thread is interrupted before or while blocked
     */
    Optional<T> receiveOk() throws InterruptedException;

    /**
     * Tells whether {@code close()} has been called. Buffered elements may remain.
     *
     * @return true once the channel is closed
     */
    boolean isClosed();

    /**
     * The number of elements buffered now, Go's {@code len(ch)}; always 0 for an unbuffered
     * channel.
     *
     * @return the number of buffered elements
     */
    int size();

    /**
     * The buffer capacity, Go's {@code cap(ch)}; 0 for an unbuffered channel.
     *
     * @return the capacity
     */
    int capacity();

    /**
     * An iterator that receives: {@code hasNext()} blocks until an element arrives, and returns
     * false once the channel is closed and drained. Go's {@code for v := range ch}. Each call
     * returns a new iterator over the same channel; elements go to whichever iterator or
     * receiver takes them first.
     *
     * <p>If the thread is interrupted while {@code hasNext()} blocks, it throws
     * {@link UncheckedInterruptedException} with the interrupt flag set again.
     *
     * @return a receiving iterator
     */
    @Override
    Iterator<T> iterator();

    /**
     * A sequential stream that receives until the channel is closed and drained, as
     * {@link #iterator()} does.
     *
     * @return the stream of received elements
     */
    default Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /**
     * A select clause that receives an element and passes it to {@code then}: Go's
     * {@code case v := <-ch:}. If the channel is closed and drained when this clause is chosen,
     * {@code select} throws {@link ChannelClosedException}; use {@link #onReceiveOk} for a select
     * that must go on after a channel closes.
     *
     * @param then the code to run with the received element; its result is {@code select}'s
     * @param <R> the result type
     * @return the clause
     * @throws NullPointerException if {@code then} is null
     */
    <R> SelectCase<R> onReceive(Function<? super T, ? extends R> then);

    /**
     * A select clause that receives an element, or observes the closure, and passes
     * {@code then} the element or an empty {@code Optional}: Go's {@code case v, ok := <-ch:}.
     * A closed and drained channel is always ready, so a loop that keeps selecting should stop
     * passing this clause once it saw the closure (Go sets the channel to nil).
     *
     * @param then the code to run with the element, or with an empty Optional if closed
     * @param <R> the result type
     * @return the clause
     * @throws NullPointerException if {@code then} is null
     */
    <R> SelectCase<R> onReceiveOk(Function<? super Optional<T>, ? extends R> then);
}
