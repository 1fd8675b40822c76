package io.tuplespace.core;

import org.agrona.DeadlineTimerWheel;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A timer wheel of millisecond ticks with the same contract and timer ids as Agrona's {@link DeadlineTimerWheel}
 * (a timer id is its spoke in the high 32 bits and its slot in the low 32), whose scheduling and cancelling cost
 * the same however many timers share a tick.
 * <p>
 * Agrona's wheel gives every spoke the same number of slots and looks for a free slot from the start of the spoke
 * on every schedule: a burst of leased outs, thousands in one millisecond, made each schedule scan thousands of
 * slots, and leased pipelined outs ran at half the rate of plain ones. Here each spoke grows on its own, a
 * cancelled or expired slot goes on the spoke's free list, and a schedule takes a free slot or the next unused one.
 * A spoke left empty starts again from its first slot, so a poll scans only the slots the spoke has used since it
 * was last empty. Not thread-safe.
 */
final class TimerWheel
{
    static final long NULL_DEADLINE = DeadlineTimerWheel.NULL_DEADLINE;
    private static final int INITIAL_SPOKE_LENGTH = 16;

    private final int tickMask;
    private final long[][] deadlinesBySpoke;
    private final int[][] freeSlotsBySpoke;
    private final int[] freeCountBySpoke;
    private final int[] usedBySpoke;
    private long startTimeMs;
    private long currentTick;
    private long timerCount;

    /**
     * @param startTimeMs   the time of the first tick.
     * @param ticksPerWheel a power of 2.
     */
    TimerWheel(final long startTimeMs, final int ticksPerWheel)
    {
        if (Integer.bitCount(ticksPerWheel) != 1)
        {
            throw new IllegalArgumentException("ticks per wheel must be a power of 2, got " + ticksPerWheel);
        }
        this.tickMask = ticksPerWheel - 1;
        this.deadlinesBySpoke = new long[ticksPerWheel][];
        this.freeSlotsBySpoke = new int[ticksPerWheel][];
        this.freeCountBySpoke = new int[ticksPerWheel];
        this.usedBySpoke = new int[ticksPerWheel];
        this.startTimeMs = startTimeMs;
    }

    long timerCount()
    {
        return timerCount;
    }

    /**
     * @throws IllegalStateException if timers are scheduled.
     */
    void resetStartTime(final long startTimeMs)
    {
        if (timerCount > 0)
        {
            throw new IllegalStateException("cannot reset the start time with timers scheduled");
        }
        this.startTimeMs = startTimeMs;
        this.currentTick = 0;
    }

    /**
     * @return the time at which the current tick ends: a poll at or after it moves to the next tick.
     */
    long currentTickTime()
    {
        return startTimeMs + currentTick + 1;
    }

    /**
     * @return the id of a timer that expires at the first poll at or after {@code deadlineMs}.
     */
    long scheduleTimer(final long deadlineMs)
    {
        final long deadlineTick = Math.max(deadlineMs - startTimeMs, currentTick);
        final int spoke = (int)(deadlineTick & tickMask);
        final int slot;
        if (freeCountBySpoke[spoke] > 0)
        {
            slot = freeSlotsBySpoke[spoke][--freeCountBySpoke[spoke]];
        }
        else
        {
            slot = usedBySpoke[spoke]++;
            long[] deadlines = deadlinesBySpoke[spoke];
            if (null == deadlines || slot == deadlines.length)
            {
                deadlines = grow(deadlines);
                deadlinesBySpoke[spoke] = deadlines;
            }
        }
        deadlinesBySpoke[spoke][slot] = deadlineMs;
        timerCount++;
        return ((long)spoke << 32) | slot;
    }

    /**
     * @return false if no such timer is scheduled (it expired, was cancelled, or never was).
     */
    boolean cancelTimer(final long timerId)
    {
        final int spoke = (int)(timerId >>> 32);
        final int slot = (int)timerId;
        if (spoke > tickMask || slot < 0 || slot >= usedBySpoke[spoke] ||
            NULL_DEADLINE == deadlinesBySpoke[spoke][slot])
        {
            return false;
        }
        free(spoke, slot);
        return true;
    }

    /**
     * Expire the timers of the current tick whose deadlines are at or before {@code nowMs}, then move to the next
     * tick if {@code nowMs} has reached it, as {@link DeadlineTimerWheel#poll} does. Handlers may schedule and cancel
     * timers; each must expire every timer it is given (return true), as every handler of this package does.
     *
     * @return the number of timers expired.
     * @throws IllegalStateException if a handler returns false.
     */
    int poll(final long nowMs, final DeadlineTimerWheel.TimerHandler handler, final int expiryLimit)
    {
        int expired = 0;
        if (timerCount > 0)
        {
            final int spoke = (int)(currentTick & tickMask);
            for (int slot = 0; slot < usedBySpoke[spoke] && expired < expiryLimit; slot++)
            {
                if (nowMs >= deadlinesBySpoke[spoke][slot])
                {
                    free(spoke, slot);
                    expired++;
                    if (!handler.onTimerExpiry(TimeUnit.MILLISECONDS, nowMs, ((long)spoke << 32) | slot))
                    {
                        throw new IllegalStateException("a timer handler kept a timer it was given to expire");
                    }
                }
            }
            if (expired < expiryLimit && nowMs >= currentTickTime())
            {
                currentTick++;
            }
        }
        else if (nowMs >= currentTickTime())
        {
            currentTick++;
        }
        return expired;
    }

    private void free(final int spoke, final int slot)
    {
        deadlinesBySpoke[spoke][slot] = NULL_DEADLINE;
        timerCount--;
        final int freeCount = freeCountBySpoke[spoke] + 1;
        if (freeCount == usedBySpoke[spoke])
        {
            // The spoke is empty: start it again from its first slot, so polls scan only what it uses.
            freeCountBySpoke[spoke] = 0;
            usedBySpoke[spoke] = 0;
            return;
        }
        int[] freeSlots = freeSlotsBySpoke[spoke];
        if (null == freeSlots || freeCount > freeSlots.length)
        {
            freeSlots = Arrays.copyOf(null == freeSlots ? new int[0] : freeSlots,
                Math.max(INITIAL_SPOKE_LENGTH, deadlinesBySpoke[spoke].length));
            freeSlotsBySpoke[spoke] = freeSlots;
        }
        freeSlots[freeCount - 1] = slot;
        freeCountBySpoke[spoke] = freeCount;
    }

    private static long[] grow(final long[] deadlines)
    {
        final int length = null == deadlines ? INITIAL_SPOKE_LENGTH : deadlines.length * 2;
        final long[] grown = new long[length];
        Arrays.fill(grown, NULL_DEADLINE);
        if (null != deadlines)
        {
            System.arraycopy(deadlines, 0, grown, 0, deadlines.length);
        }
        return grown;
    }
}
