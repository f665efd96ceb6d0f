package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of a channel's spin credit ({@link WaitPolicy#afterWait}): what each wait
 * that paid or did not pay does to the credit and to the run of spins that did not pay. Timing
 * is measured in channels-bench; this checks that the word says what the design says.
 */
class WaitPolicyTest {

    /** The penalties a run of spins that never pay is charged, each starting from a credit of 0. */
    private static List<Integer> penaltiesOfUnpaidRun(int spins, boolean doubling) {
        List<Integer> penalties = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < spins; i++) {
            s = WaitPolicy.afterWait(s, false, doubling);
            penalties.add(-WaitPolicy.creditOf(s));
            s = repaid(s);
        }
        return penalties;
    }

    /**
     * The word once the parks that follow an unpaid wait have paid the credit back to 0 (see
     * maySpin); the run stays.
     */
    private static int repaid(int s) {
        return WaitPolicy.creditWord(0, WaitPolicy.unpaidRunOf(s));
    }

    @Test
    void paidWaitsBuildCreditUpToTheMaximum() {
        int s = 0;
        for (int i = 0; i < 3 * WaitPolicy.SPIN_CREDIT_MAX; i++) {
            s = WaitPolicy.afterWait(s, true, true);
        }
        assertEquals(WaitPolicy.SPIN_CREDIT_MAX, WaitPolicy.creditOf(s));
        assertEquals(0, WaitPolicy.unpaidRunOf(s));
    }

    @Test
    void anUnpaidWaitCostsThePenaltyFromAPositiveCredit() {
        int s = WaitPolicy.creditWord(WaitPolicy.SPIN_CREDIT_MAX, 0);
        s = WaitPolicy.afterWait(s, false, true);
        assertEquals(WaitPolicy.SPIN_CREDIT_MAX - WaitPolicy.SPIN_PENALTY, WaitPolicy.creditOf(s));
        assertEquals(1, WaitPolicy.unpaidRunOf(s));
    }

    @Test
    void spinsThatNeverPayDoubleThePenaltyAfterTheFreeRunUpToTheMaximum() {
        int free = WaitPolicy.UNPAID_SPINS_BEFORE_DOUBLING;
        List<Integer> penalties = penaltiesOfUnpaidRun(free + 10, true);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= free; i++) {
            expected.add(WaitPolicy.SPIN_PENALTY);
        }
        for (int p = 2 * WaitPolicy.SPIN_PENALTY; expected.size() < free + 10; p = Math.min(2 * p, WaitPolicy.SPIN_PENALTY_MAX)) {
            expected.add(p);
        }
        assertEquals(expected, penalties);
        assertEquals(256, WaitPolicy.SPIN_PENALTY_MAX, "one spin in 257 blocked operations where none pays");
    }

    @Test
    void aSpinThatPaysEndsTheRun() {
        int s = 0;
        for (int i = 0; i < WaitPolicy.UNPAID_SPINS_BEFORE_DOUBLING + 4; i++) {
            s = repaid(WaitPolicy.afterWait(s, false, true));
        }
        s = WaitPolicy.afterWait(s, true, true);
        assertEquals(1, WaitPolicy.creditOf(s));
        assertEquals(0, WaitPolicy.unpaidRunOf(s));
        s = WaitPolicy.afterWait(s, false, true);
        assertEquals(1 - WaitPolicy.SPIN_PENALTY, WaitPolicy.creditOf(s));
    }

    @Test
    void takingTurnsAlwaysCostsTheFlatPenalty() {
        List<Integer> penalties = penaltiesOfUnpaidRun(WaitPolicy.UNPAID_SPINS_BEFORE_DOUBLING + 10, false);
        for (int p : penalties) {
            assertEquals(WaitPolicy.SPIN_PENALTY, p);
        }
    }

    @Test
    void theCreditNeverFallsBelowTheLargestPenalty() {
        int s = WaitPolicy.creditWord(-WaitPolicy.SPIN_PENALTY_MAX, 14);
        s = WaitPolicy.afterWait(s, false, true);
        assertEquals(-WaitPolicy.SPIN_PENALTY_MAX, WaitPolicy.creditOf(s));
        assertEquals(14, WaitPolicy.unpaidRunOf(s));
    }

    @Test
    void theWordKeepsANegativeCreditApartFromTheRun() {
        for (int run = 0; run <= 14; run++) {
            for (int credit = -WaitPolicy.SPIN_PENALTY_MAX; credit <= WaitPolicy.SPIN_CREDIT_MAX; credit++) {
                int s = WaitPolicy.creditWord(credit, run);
                assertEquals(credit, WaitPolicy.creditOf(s));
                assertEquals(run, WaitPolicy.unpaidRunOf(s));
            }
        }
    }
}
