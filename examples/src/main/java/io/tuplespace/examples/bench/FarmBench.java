package io.tuplespace.examples.bench;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Tuple;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The producer of the bench's farm, run in the bench process: outs every task pipelined, collects every result in
 * bulk and checks each task came back exactly once; at the end it stops the workers. Not thread-safe.
 */
final class FarmBench
{
    private static final int RESULT_BATCH = 4096;
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(30);

    private final TupleSpace space;
    private final Consumer<String> progress;

    FarmBench(final TupleSpace space, final Consumer<String> progress)
    {
        this.space = space;
        this.progress = progress;
    }

    /**
     * Run the farm once; the workers keep waiting for more.
     *
     * @param tasks how many tasks.
     * @return tasks per second, from the first {@code outAsync} to the last result taken.
     * @throws IllegalStateException if a result is missing (none for 30 s) or duplicated.
     */
    double run(final int tasks)
    {
        final long startNs = System.nanoTime();
        for (long taskId = 0; taskId < tasks; taskId++)
        {
            space.outAsync(FarmTuples.task(taskId));
        }
        space.flush();
        progress.accept(String.format("farm: %,d tasks out after %,d ms",
            tasks, (System.nanoTime() - startNs) / 1_000_000));

        final BitSet seen = new BitSet(tasks);
        final int progressStep = Math.max(1, tasks / 4);
        int received = 0;
        int duplicates = 0;
        int nextProgress = progressStep;
        while (received < tasks)
        {
            final List<Tuple> results = space.inAll(FarmTuples.RESULT, RESULT_BATCH, RESULT_TIMEOUT);
            if (results.isEmpty())
            {
                throw new IllegalStateException("farm: no result for " + RESULT_TIMEOUT.toSeconds() + " s after " +
                    received + " of " + tasks);
            }
            for (int i = 0, size = results.size(); i < size; i++)
            {
                final int taskId = (int)results.get(i).getLong(1);
                if (seen.get(taskId))
                {
                    duplicates++;
                }
                seen.set(taskId);
            }
            received += results.size();
            if (received >= nextProgress && received < tasks)
            {
                progress.accept(String.format("farm: %,d of %,d results", received, tasks));
                nextProgress += progressStep;
            }
        }
        final long elapsedNs = System.nanoTime() - startNs;

        final int missing = tasks - seen.cardinality();
        if (0 != missing || 0 != duplicates || received != tasks)
        {
            throw new IllegalStateException("farm: exactly-once FAILED: received=" + received + " missing=" + missing +
                " duplicates=" + duplicates);
        }
        return tasks * 1e9 / elapsedNs;
    }

    /**
     * Tell the workers to exit: one stop task each.
     *
     * @param workers how many.
     */
    void stopWorkers(final int workers)
    {
        for (int i = 0; i < workers; i++)
        {
            space.outAsync(FarmTuples.stop());
        }
        space.flush();
    }
}
