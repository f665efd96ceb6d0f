package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of a channel's spin credit ({@code ChannelImpl.spinStateAfter}): what each wait
 * that paid or did not pay does to the credit and to the run of spins that did not pay. Timing
 * is measured in channels-bench; this checks that the word says what the design says.
 */
class SpinCreditTest {

    /** The penalties a run of spins that never pay is charged, each starting from a credit of 0. */
    private static List<Integer> penaltiesOfUnpaidRun(int spins, boolean doubling) {
        List<Integer> penalties = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < spins; i++) {
            s = ChannelImpl.spinStateAfter(s, false, doubling);
            penalties.add(-ChannelImpl.creditOf(s));
            s = repaid(s);
        }
        return penalties;
    }

    /**
     * The word once the parks that follow an unpaid wait have paid the credit back to 0 (see
     * maySpin); the run stays.
     */
    private static int repaid(int s) {
        return ChannelImpl.spinState(0, ChannelImpl.unpaidRunOf(s));
    }

    @Test
    void paidWaitsBuildCreditUpToTheMaximum() {
        int s = 0;
        for (int i = 0; i < 3 * ChannelImpl.SPIN_CREDIT_MAX; i++) {
            s = ChannelImpl.spinStateAfter(s, true, true);
        }
        assertEquals(ChannelImpl.SPIN_CREDIT_MAX, ChannelImpl.creditOf(s));
        assertEquals(0, ChannelImpl.unpaidRunOf(s));
    }

    @Test
    void anUnpaidWaitCostsThePenaltyFromAPositiveCredit() {
        int s = ChannelImpl.spinState(ChannelImpl.SPIN_CREDIT_MAX, 0);
        s = ChannelImpl.spinStateAfter(s, false, true);
        assertEquals(ChannelImpl.SPIN_CREDIT_MAX - ChannelImpl.SPIN_PENALTY, ChannelImpl.creditOf(s));
        assertEquals(1, ChannelImpl.unpaidRunOf(s));
    }

    @Test
    void spinsThatNeverPayDoubleThePenaltyAfterTheFreeRunUpToTheMaximum() {
        int free = ChannelImpl.UNPAID_SPINS_BEFORE_DOUBLING;
        List<Integer> penalties = penaltiesOfUnpaidRun(free + 10, true);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= free; i++) {
            expected.add(ChannelImpl.SPIN_PENALTY);
        }
        for (int p = 2 * ChannelImpl.SPIN_PENALTY; expected.size() < free + 10; p = Math.min(2 * p, ChannelImpl.SPIN_PENALTY_MAX)) {
            expected.add(p);
        }
        assertEquals(expected, penalties);
        assertEquals(256, ChannelImpl.SPIN_PENALTY_MAX, "one spin in 257 blocked operations where none pays");
    }

    @Test
    void aSpinThatPaysEndsTheRun() {
        int s = 0;
        for (int i = 0; i < ChannelImpl.UNPAID_SPINS_BEFORE_DOUBLING + 4; i++) {
            s = repaid(ChannelImpl.spinStateAfter(s, false, true));
        }
        s = ChannelImpl.spinStateAfter(s, true, true);
        assertEquals(1, ChannelImpl.creditOf(s));
        assertEquals(0, ChannelImpl.unpaidRunOf(s));
        s = ChannelImpl.spinStateAfter(s, false, true);
        assertEquals(1 - ChannelImpl.SPIN_PENALTY, ChannelImpl.creditOf(s));
    }

    @Test
    void takingTurnsAlwaysCostsTheFlatPenalty() {
        List<Integer> penalties = penaltiesOfUnpaidRun(ChannelImpl.UNPAID_SPINS_BEFORE_DOUBLING + 10, false);
        for (int p : penalties) {
            assertEquals(ChannelImpl.SPIN_PENALTY, p);
        }
    }

    @Test
    void theCreditNeverFallsBelowTheLargestPenalty() {
        int s = ChannelImpl.spinState(-ChannelImpl.SPIN_PENALTY_MAX, 14);
        s = ChannelImpl.spinStateAfter(s, false, true);
        assertEquals(-ChannelImpl.SPIN_PENALTY_MAX, ChannelImpl.creditOf(s));
        assertEquals(14, ChannelImpl.unpaidRunOf(s));
    }

    @Test
    void theWordKeepsANegativeCreditApartFromTheRun() {
        for (int run = 0; run <= 14; run++) {
            for (int credit = -ChannelImpl.SPIN_PENALTY_MAX; credit <= ChannelImpl.SPIN_CREDIT_MAX; credit++) {
                int s = ChannelImpl.spinState(credit, run);
                assertEquals(credit, ChannelImpl.creditOf(s));
                assertEquals(run, ChannelImpl.unpaidRunOf(s));
            }
        }
    }
}
