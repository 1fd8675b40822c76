package io.tuplespace.core;

import org.agrona.DeadlineTimerWheel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TimerWheel} against Agrona's {@link DeadlineTimerWheel}, whose contract it keeps: on random schedules,
 * cancels and polls, both expire the same timers in the same polls, and report the same counts and tick times.
 */
class TimerWheelTest
{
    private static final int TICKS_PER_WHEEL = 64;

    @Test
    void expiresTheSameTimersInTheSamePollsAsAgronasWheel()
    {
        final Random random = new Random(11);
        final TimerWheel wheel = new TimerWheel(5, TICKS_PER_WHEEL);
        final DeadlineTimerWheel agrona = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, 5, 1, TICKS_PER_WHEEL);
        // Each timer has a number; these map it to its id in either wheel and back.
        final Map<Integer, Long> ids = new HashMap<>();
        final Map<Integer, Long> agronaIds = new HashMap<>();
        final Map<Long, Integer> numberById = new HashMap<>();
        final Map<Long, Integer> numberByAgronaId = new HashMap<>();
        final List<Integer> live = new ArrayList<>();
        long nowMs = 5;
        int nextNumber = 0;
        for (int step = 0; step < 50_000; step++)
        {
            final int action = random.nextInt(10);
            if (action < 5)
            {
                // Bursts in one tick, and deadlines from the past to past one turn of the wheel.
                final int burst = random.nextInt(8) == 0 ? 200 : 1;
                final long deadlineMs = nowMs - 2 + random.nextInt(3 * TICKS_PER_WHEEL);
                for (int i = 0; i < burst; i++)
                {
                    final int number = nextNumber++;
                    final long id = wheel.scheduleTimer(deadlineMs);
                    final long agronaId = agrona.scheduleTimer(deadlineMs);
                    assertThat(numberById.put(id, number)).as("a live timer's id given again").isNull();
                    numberByAgronaId.put(agronaId, number);
                    ids.put(number, id);
                    agronaIds.put(number, agronaId);
                    live.add(number);
                }
            }
            else if (action < 7 && !live.isEmpty())
            {
                final int number = live.remove(random.nextInt(live.size()));
                assertThat(wheel.cancelTimer(ids.get(number))).isTrue();
                assertThat(agrona.cancelTimer(agronaIds.get(number))).isTrue();
                assertThat(wheel.cancelTimer(ids.get(number))).as("cancelled twice").isFalse();
                numberById.remove(ids.remove(number));
                numberByAgronaId.remove(agronaIds.remove(number));
            }
            else
            {
                nowMs += random.nextInt(3);
                final Set<Integer> expired = new HashSet<>();
                final Set<Integer> agronaExpired = new HashSet<>();
                final int count = wheel.poll(nowMs, (unit, now, id) -> expired.add(numberById.remove(id)),
                    Integer.MAX_VALUE);
                final int agronaCount = agrona.poll(nowMs, (unit, now, id) ->
                    agronaExpired.add(numberByAgronaId.remove(id)), Integer.MAX_VALUE);
                assertThat(expired).isEqualTo(agronaExpired).hasSize(count);
                assertThat(count).isEqualTo(agronaCount);
                live.removeAll(expired);
                expired.forEach(number ->
                {
                    assertThat(wheel.cancelTimer(ids.remove(number))).as("cancel of an expired timer").isFalse();
                    agronaIds.remove(number);
                });
            }
            assertThat(wheel.timerCount()).isEqualTo(agrona.timerCount()).isEqualTo(live.size());
            assertThat(wheel.currentTickTime()).isEqualTo(agrona.currentTickTime());
        }
    }

    @Test
    void aSpokeReusesTheSlotsOfCancelledTimersAndStartsAgainWhenEmpty()
    {
        final TimerWheel wheel = new TimerWheel(0, TICKS_PER_WHEEL);
        final List<Long> burst = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
        {
            burst.add(wheel.scheduleTimer(10));
        }
        assertThat(burst).containsExactlyElementsOf(slots(10, 0, 1000));

        wheel.cancelTimer(burst.get(500));
        wheel.cancelTimer(burst.get(7));
        assertThat(wheel.scheduleTimer(10)).as("the last slot freed first").isEqualTo(burst.get(7));
        assertThat(wheel.scheduleTimer(10)).isEqualTo(burst.get(500));
        assertThat(wheel.scheduleTimer(10)).as("then the next unused one").isEqualTo(slot(10, 1000));

        assertThat(TimerWheels.expireUntil(wheel, 9, (unit, now, id) -> true)).isZero();
        assertThat(TimerWheels.expireUntil(wheel, 10, (unit, now, id) -> true)).isEqualTo(1001);
        assertThat(wheel.timerCount()).isZero();
        assertThat(wheel.scheduleTimer(10 + TICKS_PER_WHEEL)).as("the emptied spoke starts again").isEqualTo(slot(10, 0));
    }

    @Test
    void aHandlerThatKeepsItsTimerIsRefused()
    {
        final TimerWheel wheel = new TimerWheel(0, TICKS_PER_WHEEL);
        wheel.scheduleTimer(0);

        assertThatThrownBy(() -> wheel.poll(0, (unit, now, id) -> false, Integer.MAX_VALUE))
            .isInstanceOf(IllegalStateException.class);
    }

    private static List<Long> slots(final int spoke, final int from, final int to)
    {
        final List<Long> ids = new ArrayList<>();
        for (int slot = from; slot < to; slot++)
        {
            ids.add(slot(spoke, slot));
        }
        return ids;
    }

    private static long slot(final int spoke, final int slot)
    {
        return ((long)spoke << 32) | slot;
    }
}
