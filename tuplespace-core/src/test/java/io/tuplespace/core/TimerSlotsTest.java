package io.tuplespace.core;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TimerSlots} against a real {@link TimerWheel} and a plain map: every timer keeps its own value
 * while timers are scheduled, cancelled (their slots reused) and expired, which holds only as long as the wheel's
 * timer ids keep the layout TimerSlots reads.
 */
class TimerSlotsTest
{
    private static final int TICKS_PER_WHEEL = 64;
    private static final int MISSING = -1;

    private final TimerWheel wheel = new TimerWheel(0, TICKS_PER_WHEEL);
    private final TimerSlots slots = new TimerSlots(TICKS_PER_WHEEL, MISSING);
    private final Map<Long, Integer> reference = new HashMap<>();

    @Test
    void everyTimerKeepsItsValueThroughSchedulesCancelsAndExpiries()
    {
        final Random random = new Random(7);
        int nextValue = 0;
        long nowMs = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (random.nextInt(4) > 0 || reference.isEmpty())
            {
                // Many timers per spoke, and deadlines past one turn of the wheel.
                final long timerId = wheel.scheduleTimer(nowMs + 1 + random.nextInt(3 * TICKS_PER_WHEEL));
                assertThat(reference).doesNotContainKey(timerId);
                assertThat(slots.get(timerId)).isEqualTo(MISSING);
                slots.put(timerId, nextValue);
                reference.put(timerId, nextValue++);
            }
            else
            {
                final long timerId = reference.keySet().iterator().next();
                assertThat(wheel.cancelTimer(timerId)).isTrue();
                assertThat(slots.remove(timerId)).isEqualTo(reference.remove(timerId));
            }
            if (0 == step % 50)
            {
                nowMs += random.nextInt(8);
                TimerWheels.expireUntil(wheel, nowMs, (timeUnit, now, timerId) ->
                {
                    assertThat(slots.remove(timerId)).isEqualTo(reference.remove(timerId));
                    return true;
                });
            }
        }
        assertThat(reference).hasSizeGreaterThan(TICKS_PER_WHEEL * 4);
        reference.forEach((timerId, value) -> assertThat(slots.get(timerId)).isEqualTo(value));
    }

    @Test
    void aTimerNeverPutHasTheMissingValue()
    {
        final long timerId = wheel.scheduleTimer(TICKS_PER_WHEEL * 10L);

        assertThat(slots.get(timerId)).isEqualTo(MISSING);
        assertThat(slots.remove(timerId)).isEqualTo(MISSING);
    }
}
