package io.tuplespace.examples;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Tuple;
import org.agrona.collections.LongArrayList;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;

/**
 * Takes the soak's result tuples out of the space on a thread of its own and keeps the task id each one names, for
 * {@link SoakSummary}. Thread-safe.
 */
final class SoakResults
{
    private static final int BATCH = 256;
    private static final Duration POLL = Duration.ofMillis(100);

    private final TupleSpace space;
    private final int tasks;
    private final LongArrayList taskIds = new LongArrayList();
    private final BitSet tasksDone;
    private final Thread collector;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    SoakResults(final TupleSpace space, final int tasks)
    {
        this.space = space;
        this.tasks = tasks;
        this.tasksDone = new BitSet(tasks);
        collector = new Thread(this::collect, "soak-results");
        collector.setDaemon(true);
        collector.start();
    }

    /**
     * @return tasks with at least one result so far.
     * @throws IllegalStateException if collecting failed (the server went away).
     */
    synchronized int tasksDone()
    {
        if (null != failure)
        {
            throw new IllegalStateException("collecting results failed: " + failure, failure);
        }
        return tasksDone.cardinality();
    }

    /**
     * @return results collected so far.
     */
    synchronized int results()
    {
        return taskIds.size();
    }

    /**
     * Stop the collecting thread, then take every result still in the space.
     *
     * @return null, or why not every result could be collected (the server went away).
     */
    String finish() throws InterruptedException
    {
        running = false;
        collector.join();
        if (null != failure)
        {
            return "collecting results failed: " + failure;
        }
        try
        {
            List<Tuple> batch;
            while (!(batch = space.inAll(FarmProtocol.ANY_RESULT, BATCH, Duration.ZERO)).isEmpty())
            {
                add(batch);
            }
            return null;
        }
        catch (final RuntimeException ex)
        {
            return "collecting the last results failed: " + ex;
        }
    }

    /**
     * @param kills workers killed during the soak.
     * @return the verdict on the results collected.
     */
    synchronized SoakSummary summary(final long kills)
    {
        return SoakSummary.of(tasks, taskIds.toLongArray(), taskIds.size(), kills);
    }

    private void collect()
    {
        try
        {
            while (running)
            {
                add(space.inAll(FarmProtocol.ANY_RESULT, BATCH, POLL));
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
    }

    private synchronized void add(final List<Tuple> results)
    {
        for (final Tuple result : results)
        {
            final long taskId = result.getLong(1);
            taskIds.addLong(taskId);
            if (taskId >= 0 && taskId < tasks)
            {
                tasksDone.set((int)taskId);
            }
        }
    }
}
