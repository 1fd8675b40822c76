package io.tuplespace.client;

import org.agrona.concurrent.IdleStrategy;

/**
 * After each {@link #reset}, spins for a fixed time from the first idle on, then idles as another strategy does. A
 * thread that has just sent a request expects its answer within a microsecond or so; counting idle cycles would tie
 * how long it spins to how much each cycle does, so this counts time. A clock read costs as much as a poll here
 * (about 26 ns), so it reads the clock at the first idle, not at the reset (which callers make before they send),
 * and then on every eighth idle only, since each read lengthens the loop an answer waits in. Not thread-safe: one
 * per waiting thread.
 */
public final class SpinFirstIdleStrategy implements IdleStrategy
{
    private static final int CLOCK_READ_MASK = 7;

    private final long spinNs;
    private final IdleStrategy then;
    private long spinDeadlineNs;
    private int spins;
    private boolean isSpinning;

    /**
     * @param spinNs how long to spin after a reset; 0 hands every idle to {@code then}.
     * @param then   the idle strategy once the spin is over.
     */
    public SpinFirstIdleStrategy(final long spinNs, final IdleStrategy then)
    {
        this.spinNs = spinNs;
        this.then = then;
    }

    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            then.idle(workCount);
        }
        else
        {
            idle();
        }
    }

    public void idle()
    {
        if (isSpinning)
        {
            if (0 == spins++)
            {
                spinDeadlineNs = System.nanoTime() + spinNs;
                Thread.onSpinWait();
                return;
            }
            if (0 != (spins & CLOCK_READ_MASK) || System.nanoTime() - spinDeadlineNs < 0)
            {
                Thread.onSpinWait();
                return;
            }
            isSpinning = false;
        }
        then.idle();
    }

    public void reset()
    {
        isSpinning = spinNs > 0;
        spins = 0;
        then.reset();
    }

    public String alias()
    {
        return "spin-first";
    }
}
