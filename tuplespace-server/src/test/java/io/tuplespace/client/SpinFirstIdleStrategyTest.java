package io.tuplespace.client;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SpinFirstIdleStrategyTest
{
    private final CountingIdleStrategy then = new CountingIdleStrategy();

    @Test
    void withNoSpinEveryIdleGoesToTheNextStrategy()
    {
        final SpinFirstIdleStrategy idle = new SpinFirstIdleStrategy(0, then);
        idle.reset();

        idle.idle(0);
        idle.idle();

        assertThat(then.idles).isEqualTo(2);
        assertThat(then.resets).isEqualTo(1);
    }

    @Test
    void itSpinsUntilItsTimeIsUpAndThenHandsOver()
    {
        final long spinNs = TimeUnit.MILLISECONDS.toNanos(5);
        final SpinFirstIdleStrategy idle = new SpinFirstIdleStrategy(spinNs, then);

        final long startNs = System.nanoTime();
        idle.reset();
        idle.idle(0);
        assertThat(then.idles).isZero();
        while (0 == then.idles)
        {
            idle.idle(0);
        }

        assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(spinNs);
    }

    @Test
    void aResetStartsTheSpinAgain()
    {
        final SpinFirstIdleStrategy idle = new SpinFirstIdleStrategy(TimeUnit.MILLISECONDS.toNanos(200), then);
        idle.reset();
        while (0 == then.idles)
        {
            idle.idle();
        }

        idle.reset();
        idle.idle();

        assertThat(then.idles).isEqualTo(1);
        assertThat(then.resets).isEqualTo(2);
    }

    @Test
    void workGoesToTheNextStrategyWhichMayResetItsBackoff()
    {
        final SpinFirstIdleStrategy idle = new SpinFirstIdleStrategy(TimeUnit.SECONDS.toNanos(10), then);
        idle.reset();

        idle.idle(3);

        assertThat(then.workCounts).isEqualTo(3);
        assertThat(then.idles).isZero();
    }

    private static final class CountingIdleStrategy implements IdleStrategy
    {
        int idles;
        int resets;
        int workCounts;

        public void idle(final int workCount)
        {
            if (workCount > 0)
            {
                workCounts += workCount;
            }
            else
            {
                idles++;
            }
        }

        public void idle()
        {
            idles++;
        }

        public void reset()
        {
            resets++;
        }
    }
}
