package dev.channels;

/**
 * One clause of a {@link Select#select select}: a send ({@link SendChannel#onSend}), a receive
 * ({@link ReceiveChannel#onReceive}, {@link ReceiveChannel#onReceiveOk}), a
 * {@link Select#defaultCase default} or a {@link Select#timeoutCase timeout}, together with the
 * code to run when the clause is chosen.
 *
 * <p>Opaque to users: cases are made only by those factory methods, and are cheap, immutable
 * and reusable (a case may be passed to many selects, one after another or at once).
 *
 * @param <R> the type of the value the clause's code returns, which {@code select} returns
 */
public interface SelectCase<R> {
}
