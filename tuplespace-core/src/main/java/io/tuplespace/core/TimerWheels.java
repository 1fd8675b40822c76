package io.tuplespace.core;

import org.agrona.DeadlineTimerWheel;

/**
 * Polling a {@link TimerWheel} up to a point in time, which the wheel does not do by itself.
 */
final class TimerWheels
{
    private TimerWheels()
    {
    }

    /**
     * Expire every timer whose deadline is at or before {@code nowMs}. A poll expires the current tick, then
     * advances at most one tick: catch up tick by tick to the one that holds {@code nowMs}, then poll that one too.
     * With no timers, the wheel's start moves to now, so catching up never walks an idle stretch.
     *
     * @return the number of timers expired.
     */
    static int expireUntil(
        final TimerWheel timers, final long nowMs, final DeadlineTimerWheel.TimerHandler handler)
    {
        if (0 == timers.timerCount())
        {
            timers.resetStartTime(nowMs);
            return 0;
        }
        int expired = 0;
        do
        {
            expired += timers.poll(nowMs, handler, Integer.MAX_VALUE);
        }
        while (timers.currentTickTime() <= nowMs && timers.timerCount() > 0);
        if (timers.timerCount() > 0)
        {
            expired += timers.poll(nowMs, handler, Integer.MAX_VALUE);
        }
        return expired;
    }

    /**
     * @return the deadline {@code durationMs} after {@code nowMs}, saturating instead of overflowing.
     */
    static long deadline(final long nowMs, final long durationMs)
    {
        final long sum = nowMs + durationMs;
        return sum < nowMs ? Long.MAX_VALUE : sum;
    }
}
