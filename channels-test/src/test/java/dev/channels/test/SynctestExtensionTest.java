package dev.channels.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.channels.DeadlockException;
import dev.channels.test.samples.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/** The extension, through JUnit's own test kit: what passes, and how the rest fails. */
@Timeout(60)
class SynctestExtensionTest {

    private static org.junit.platform.testkit.engine.Events run(Class<?> c) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(c)).execute().testEvents();
    }

    @Test
    void fakeTimeTestsPassAndEachInvocationHasItsOwnBubble() {
        run(Samples.Passing.class).assertStatistics(s -> s.started(4).succeeded(4).failed(0));
    }

    @Test
    void aDeadlockFailsTheTestWithTheDump() {
        run(Samples.Deadlocking.class).assertThatEvents().haveExactly(1, event(test("waitsForAReplyNobodySends"),
                finishedWithFailure(instanceOf(DeadlockException.class),
                        message(m -> m.startsWith("all goroutines are asleep - deadlock!")
                                && m.contains("[chan receive") && m.contains("Channel[replies")))));
    }

    @Test
    void aGoroutineLeftBlockedFailsTheTest() {
        run(Samples.Leaking.class).assertThatEvents().haveExactly(1, event(test("leavesASenderBlocked"),
                finishedWithFailure(instanceOf(DeadlockException.class),
                        message(m -> m.contains("[chan send") && m.contains("Channel[results")))));
    }

    @Test
    void anAssertionFailsAsItWouldOutsideABubble() {
        run(Samples.FailingAssertion.class).assertThatEvents().haveExactly(1, event(test("failsAsUsual"),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(m -> m.startsWith("an ordinary failure")))));
    }
}
