package io.tuplespace.examples;

/**
 * The verdict of a soak: how many of its tasks have no committed result (lost) and how many results are one too
 * many (duplicated). Its {@link #toString()} is the soak's last line.
 *
 * @param tasks      tasks the producer put in the space, ids {@code 0..tasks-1}.
 * @param results    result tuples collected.
 * @param lost       tasks with no result.
 * @param duplicated results beyond the first for a task, plus results naming no task of this soak.
 * @param kills      workers killed with SIGKILL.
 */
record SoakSummary(long tasks, long results, long lost, long duplicated, long kills)
{
    /**
     * Count the results of a soak.
     *
     * @param tasks         task ids are {@code 0..tasks-1}.
     * @param resultTaskIds the task id named by each result collected, in any order; only the first
     *                      {@code resultCount} entries are read.
     * @param resultCount   results collected.
     * @param kills         workers killed.
     * @return the counts.
     */
    static SoakSummary of(final int tasks, final long[] resultTaskIds, final int resultCount, final long kills)
    {
        final int[] resultsPerTask = new int[tasks];
        long duplicated = 0;
        for (int i = 0; i < resultCount; i++)
        {
            final long taskId = resultTaskIds[i];
            if (taskId < 0 || taskId >= tasks || ++resultsPerTask[(int)taskId] > 1)
            {
                duplicated++;
            }
        }
        long lost = 0;
        for (final int count : resultsPerTask)
        {
            if (0 == count)
            {
                lost++;
            }
        }
        return new SoakSummary(tasks, resultCount, lost, duplicated, kills);
    }

    /**
     * @return true if every task has exactly one result.
     */
    public boolean isExactlyOnce()
    {
        return 0 == lost && 0 == duplicated;
    }

    /**
     * @return {@code tasks=N results=N lost=L duplicated=D kills=K}.
     */
    public String toString()
    {
        return "tasks=" + tasks + " results=" + results + " lost=" + lost + " duplicated=" + duplicated +
            " kills=" + kills;
    }
}
