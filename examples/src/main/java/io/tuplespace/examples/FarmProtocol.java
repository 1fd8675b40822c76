package io.tuplespace.examples;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

/**
 * The tuples the producer and workers of the demo exchange:
 * <ul>
 *   <li>{@code ("task", taskId, workNanos)}: a job; a negative task id tells a worker to stop.</li>
 *   <li>{@code ("result", taskId, workerId, value)}: a finished job.</li>
 * </ul>
 */
final class FarmProtocol
{
    static final Template ANY_TASK = Template.of("task", Formal.LONG, Formal.LONG);
    static final Template ANY_RESULT = Template.of("result", Formal.LONG, Formal.LONG, Formal.LONG);
    static final long STOP = -1;

    private FarmProtocol()
    {
    }

    static Tuple task(final long taskId, final long workNanos)
    {
        return Tuple.of("task", taskId, workNanos);
    }

    static Tuple stop()
    {
        return Tuple.of("task", STOP, 0L);
    }

    static Tuple result(final long taskId, final long workerId, final long value)
    {
        return Tuple.of("result", taskId, workerId, value);
    }

    /**
     * Stand-in for real work: keep one core busy for about {@code nanos}, computing something that depends on
     * the task so the JIT cannot drop it.
     *
     * @return a value derived from the task id.
     */
    static long work(final long taskId, final long nanos)
    {
        long value = taskId;
        final long deadline = System.nanoTime() + nanos;
        do
        {
            for (int i = 0; i < 64; i++)
            {
                value = value * 6364136223846793005L + 1442695040888963407L;
            }
        }
        while (System.nanoTime() < deadline);
        return value;
    }
}
