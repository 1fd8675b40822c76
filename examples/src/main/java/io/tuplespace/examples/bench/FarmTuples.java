package io.tuplespace.examples.bench;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

/**
 * The tuples of the bench's farm, trivial so the measurement is the tuple space, not the work:
 * <ul>
 *   <li>{@code ("bench-task", taskId)}: a task; a negative id tells a worker to stop.</li>
 *   <li>{@code ("bench-result", taskId, workerId)}: a task done.</li>
 * </ul>
 */
final class FarmTuples
{
    static final Template TASK = Template.of("bench-task", Formal.LONG);
    static final Template RESULT = Template.of("bench-result", Formal.LONG, Formal.LONG);
    static final long STOP = -1;

    private FarmTuples()
    {
    }

    static Tuple task(final long taskId)
    {
        return Tuple.of("bench-task", taskId);
    }

    static Tuple stop()
    {
        return task(STOP);
    }

    static Tuple result(final long taskId, final long workerId)
    {
        return Tuple.of("bench-result", taskId, workerId);
    }
}
