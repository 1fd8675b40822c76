package io.tuplespace.examples.bench;

import io.aeron.CncFileDescriptor;
import io.tuplespace.server.Operation;
import io.tuplespace.server.TupleSpaceCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The server counter that shows a take waiting, read straight from the media driver's counters file, so any process
 * on the machine can watch it without an Aeron client: the {@code in/take} requests the server has counted
 * ({@link Operation#TAKE}), counted as a request is handed to the engine, before it is matched or queued. Not
 * thread-safe.
 */
final class ServerTakeCounters implements AutoCloseable
{
    private static final long AWAIT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final MappedByteBuffer cnc;
    private final CountersReader counters;
    private final int takesCounterId;

    /**
     * Map the counters file of a running server's embedded driver.
     *
     * @param dir the Aeron directory.
     * @throws IllegalStateException if no server's counters are there.
     */
    ServerTakeCounters(final String dir)
    {
        cnc = IoUtil.mapExistingFile(new File(dir, CncFileDescriptor.CNC_FILE), "cnc");
        final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
        counters = new CountersReader(
            CncFileDescriptor.createCountersMetaDataBuffer(cnc, metaData),
            CncFileDescriptor.createCountersValuesBuffer(cnc, metaData));
        takesCounterId = TupleSpaceCounters.counterIdOf(
            counters, TupleSpaceCounters.OPERATIONS_TYPE_ID, Operation.TAKE.code());
        if (CountersReader.NULL_COUNTER_ID == takesCounterId)
        {
            IoUtil.unmap(cnc);
            throw new IllegalStateException("no tuple space counters in " + dir + ": is a server running there?");
        }
    }

    /**
     * @return the {@code in/take} requests the server has counted since it started.
     */
    long takes()
    {
        return counters.getCounterValue(takesCounterId);
    }

    /**
     * Wait until the server has counted at least {@code takes} take requests.
     *
     * @param takes the count to reach.
     * @param idle  how to wait between reads.
     * @return {@link System#nanoTime()} when it held.
     * @throws IllegalStateException if it does not within 30 s.
     */
    long awaitTake(final long takes, final IdleStrategy idle)
    {
        final long deadlineNs = System.nanoTime() + AWAIT_TIMEOUT_NS;
        idle.reset();
        while (counters.getCounterValue(takesCounterId) < takes)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the server did not count take request #" + takes +
                    " within 30 s: takes counted " + takes());
            }
            idle.idle();
        }
        return System.nanoTime();
    }

    public void close()
    {
        IoUtil.unmap(cnc);
    }
}
