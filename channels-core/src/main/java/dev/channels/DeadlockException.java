package dev.channels;

import java.io.Serial;

/**
 * Thrown by {@link Synctest#run} when every goroutine of its bubble is durably blocked and no
 * timer is pending, so none can ever run again, or when goroutines are still blocked once the
 * bubble's body has returned: Go's {@code "all goroutines are asleep - deadlock!"}. The message
 * starts with Go's line and then lists each goroutine of the bubble as a Go dump does: what it
 * waits for ({@code chan receive}, {@code chan send}, {@code select}, {@code WaitGroup.await},
 * ...), on which channel, and where.
 *
 * <pre>{@code
 * all goroutines are asleep - deadlock!
 *
 * goroutine 36 [chan receive, 0.0s]:
 *         on Channel[results, len=0, cap=0]
 *         at dev.channels.ChannelImpl.receive(ChannelImpl.java:392)
 *         at com.example.FanInTest.lambda$collect$0(FanInTest.java:31)
 * }</pre>
 */
public final class DeadlockException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A deadlock described by {@code report}, which starts with Go's line.
     *
     * @param report the report
     */
    public DeadlockException(String report) {
        super(report);
    }
}
