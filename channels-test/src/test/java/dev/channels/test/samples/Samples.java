package dev.channels.test.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.Context;
import dev.channels.CancelableContext;
import dev.channels.test.InBubble;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test classes that {@code SynctestExtensionTest} runs through JUnit's test kit to see how
 * they end; Surefire leaves this package out.
 */
public final class Samples {
    private Samples() {
    }

    @InBubble
    public static class Passing {
        @Test
        void anHourPassesAtOnce() throws Exception {
            try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1))) {
                ctx.awaitDone();
            }
            assertEquals(Instant.parse("2000-01-01T01:00:00Z"), Channels.after(Duration.ZERO).receive());
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void eachInvocationHasItsOwnBubble(int minutes) throws Exception {
            Channels.sleep(Duration.ofMinutes(minutes));
            assertEquals(Instant.parse("2000-01-01T00:00:00Z").plus(Duration.ofMinutes(minutes)),
                    Channels.after(Duration.ZERO).receive());
        }
    }

    @InBubble
    public static class Deadlocking {
        @Test
        void waitsForAReplyNobodySends() throws Exception {
            Channel<String> replies = Channel.unbuffered("replies");
            replies.receive();
        }
    }

    @InBubble
    public static class Leaking {
        @Test
        void leavesASenderBlocked() {
            Channel<Integer> results = Channel.unbuffered("results");
            Channels.go(() -> results.send(42));
        }
    }

    @InBubble
    public static class FailingAssertion {
        @Test
        void failsAsUsual() {
            assertEquals(1, 2, "an ordinary failure");
        }
    }
}
