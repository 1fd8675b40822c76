package io.tuplespace.client;

import org.agrona.concurrent.IdleStrategy;

/**
 * Spins for a fixed time after each {@link #reset}, then idles as another strategy does. A thread that has just
 * sent a request expects its answer within a microsecond or so; counting idle cycles would tie how long it spins to
 * how much each cycle does, so this counts time. Not thread-safe: one per waiting thread.
 */
public final class SpinFirstIdleStrategy implements IdleStrategy
{
    private final long spinNs;
    private final IdleStrategy then;
    private long spinDeadlineNs;
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
            if (System.nanoTime() - spinDeadlineNs < 0)
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
        if (isSpinning)
        {
            spinDeadlineNs = System.nanoTime() + spinNs;
        }
        then.reset();
    }

    public String alias()
    {
        return "spin-first";
    }
}
