package io.tuplespace.core;

import java.util.Arrays;

/**
 * An int per timer of a {@link TimerWheel}, kept where the wheel keeps the timer's deadline: a timer id is
 * its spoke (high 32 bits) and its place in that spoke (low 32 bits), so an array per spoke holds the values with
 * no hashing. Timers scheduled together share a spoke and sit side by side, and so do their values; a hash map of a
 * hundred thousand timers missed the cache on every put and remove.
 * <p>
 * This relies on the wheel's timer id layout; {@code TimerSlotsTest} checks it against the real wheel.
 */
final class TimerSlots
{
    private static final int MIN_SPOKE_LENGTH = 16;

    private final int[][] valuesBySpoke;
    private final int missingValue;

    /**
     * @param ticksPerWheel of the wheel whose timer ids this holds.
     * @param missingValue  returned for a timer with no value.
     */
    TimerSlots(final int ticksPerWheel, final int missingValue)
    {
        this.valuesBySpoke = new int[ticksPerWheel][];
        this.missingValue = missingValue;
    }

    void put(final long timerId, final int value)
    {
        final int spoke = spokeOf(timerId);
        final int index = indexOf(timerId);
        int[] values = valuesBySpoke[spoke];
        if (null == values || index >= values.length)
        {
            values = grow(values, index);
            valuesBySpoke[spoke] = values;
        }
        values[index] = value;
    }

    int get(final long timerId)
    {
        final int[] values = valuesBySpoke[spokeOf(timerId)];
        final int index = indexOf(timerId);
        return null == values || index >= values.length ? missingValue : values[index];
    }

    /**
     * @return the value the timer had, or the missing value.
     */
    int remove(final long timerId)
    {
        final int[] values = valuesBySpoke[spokeOf(timerId)];
        final int index = indexOf(timerId);
        if (null == values || index >= values.length)
        {
            return missingValue;
        }
        final int value = values[index];
        values[index] = missingValue;
        return value;
    }

    private int[] grow(final int[] values, final int index)
    {
        final int oldLength = null == values ? 0 : values.length;
        final int length = Math.max(MIN_SPOKE_LENGTH, Integer.highestOneBit(index) << 1);
        final int[] grown = null == values ? new int[length] : Arrays.copyOf(values, length);
        Arrays.fill(grown, oldLength, length, missingValue);
        return grown;
    }

    private static int spokeOf(final long timerId)
    {
        return (int)(timerId >>> 32);
    }

    private static int indexOf(final long timerId)
    {
        return (int)timerId;
    }
}
