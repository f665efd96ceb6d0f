package dev.channels;

import static dev.channels.ChannelSemanticsTest.awaitParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A select that found no case ready, parked, and was then completed by a plain operation on one
 * of its channels: when several of its cases could take that operation, each is chosen about
 * equally often, as Go's select (which queues its cases in the random poll order) does. The
 * ready-case half of fairness is {@link SelectTest#selectChoosesUniformlyAmongReadyCases}.
 */
@Timeout(60)
class BlockedSelectFairnessTest {
    private static final int ROUNDS = 400;

    /** What a round sets up: the channels, and the select's cases over them. */
    private interface Round {
        /** The cases, each returning its own index. */
        List<SelectCase<Integer>> cases();

        /** The plain operation that completes the parked select. */
        void complete() throws InterruptedException;
    }

    /**
     * Runs {@code ROUNDS} rounds, each a fresh select that parks and is then completed, and
     * returns how often each case was chosen.
     */
    private static int[] choices(int caseCount, Supplier<Round> rounds) throws Exception {
        int[] counts = new int[caseCount];
        for (int r = 0; r < ROUNDS; r++) {
            Round round = rounds.get();
            AtomicInteger chosen = new AtomicInteger(-1);
            @SuppressWarnings({"unchecked", "rawtypes"})
            SelectCase<Integer>[] cases = round.cases().toArray(new SelectCase[0]);
            Thread selector = Channels.go(() -> chosen.set(Select.select(cases)));
            awaitParked(List.of(selector));
            round.complete();
            selector.join();
            counts[chosen.get()]++;
        }
        return counts;
    }

    /**
     * Chi-square of two counts against the uniform distribution, asserted below 23.93, the 1e-6
     * critical value for one degree of freedom: a fair select fails it once in a million runs;
     * one that always takes the first listed case scores 400.
     */
    private static void assertUniform(int[] counts) {
        double expected = (counts[0] + counts[1]) / 2.0;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 23.93, "blocked select is not uniform: " + Arrays.toString(counts) + " chi2=" + chi2);
    }

    @Test
    void twoSendCasesOnOneChannelAreTakenByAReceiveEquallyOften() throws Exception {
        int[] counts = choices(2, () -> {
            Channel<Integer> ch = Channel.unbuffered();
            return new Round() {
                public List<SelectCase<Integer>> cases() {
                    return List.of(ch.onSend(10, () -> 0), ch.onSend(11, () -> 1));
                }

                public void complete() throws InterruptedException {
                    int v = ch.receive();
                    assertTrue(v == 10 || v == 11, "the receive took one of the cases' elements");
                }
            };
        });
        assertEquals(ROUNDS, counts[0] + counts[1]);
        assertUniform(counts);
    }

    @Test
    void twoReceiveCasesOnOneChannelAreTakenByASendEquallyOften() throws Exception {
        for (int capacity : new int[] {0, 1, 16}) {
            int[] counts = choices(2, () -> {
                Channel<Integer> ch = Channel.buffered(capacity);
                return new Round() {
                    public List<SelectCase<Integer>> cases() {
                        return List.of(ch.onReceive(v -> 0), ch.onReceive(v -> 1));
                    }

                    public void complete() throws InterruptedException {
                        ch.send(7);
                    }
                };
            });
            assertUniform(counts);
        }
    }

    @Test
    void sendCasesOnSeveralChannelsAreTakenEquallyOftenByTheirChannelsReceive() throws Exception {
        int[] counts = choices(4, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.unbuffered();
            return new Round() {
                public List<SelectCase<Integer>> cases() {
                    return List.of(b.onSend(0, () -> 0), a.onSend(1, () -> 1),
                            b.onSend(2, () -> 2), a.onSend(3, () -> 3));
                }

                public void complete() throws InterruptedException {
                    int v = a.receive();
                    assertTrue(v == 1 || v == 3, "the receive took a case of its own channel");
                }
            };
        });
        assertEquals(0, counts[0] + counts[2], "cases on the other channel never taken");
        assertUniform(new int[] {counts[1], counts[3]});
    }

    @Test
    void receiveCasesOnSeveralChannelsAreTakenEquallyOftenByTheirChannelsSend() throws Exception {
        int[] counts = choices(4, () -> {
            Channel<Integer> a = Channel.unbuffered();
            Channel<Integer> b = Channel.buffered(4);
            return new Round() {
                public List<SelectCase<Integer>> cases() {
                    return List.of(a.onReceive(v -> 0), b.onReceive(v -> 1),
                            a.onReceive(v -> 2), b.onReceive(v -> 3));
                }

                public void complete() throws InterruptedException {
                    b.send(5);
                }
            };
        });
        assertEquals(0, counts[0] + counts[2], "cases on the other channel never taken");
        assertUniform(new int[] {counts[1], counts[3]});
    }
}
