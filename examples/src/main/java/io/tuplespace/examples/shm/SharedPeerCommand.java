package io.tuplespace.examples.shm;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Tuple;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code shm-peer}: the other process of the shared-memory tests and bench. With {@code --serve} it takes jobs,
 * reads their payload (all of it, or only maps it) and acknowledges each with a checksum, until a job with a
 * negative id. With {@code --publish} and {@code --hold} it writes segments, puts the published one in the space,
 * prints their ids and stays connected until killed.
 */
@Command(name = "shm-peer", hidden = true, description = "Shared-memory peer for tests and the bench.")
public final class SharedPeerCommand implements Callable<Integer>
{
    /** Printed once connected, and by {@code --publish}/{@code --hold} once the segments exist. */
    public static final String READY = "shm-peer ready";

    @Option(names = "--serve", description = "Take jobs and acknowledge them until a negative id.")
    boolean isServing;

    @Option(names = "--publish", description = "Write a segment of this many bytes and out it as (\"shm\", 1, ref).")
    int publishBytes = -1;

    @Option(names = "--hold", description = "Write a segment of this many bytes and keep it unpublished.")
    int holdBytes = -1;

    public Integer call() throws InterruptedException
    {
        try (TupleSpace space = TupleSpace.connect(new ClientContext().clientName("shm-peer")))
        {
            if (isServing)
            {
                System.out.println(READY + " pid " + ProcessHandle.current().pid());
                serve(space);
                return 0;
            }
            final StringBuilder ready = new StringBuilder(READY);
            if (publishBytes >= 0)
            {
                final SharedBytes published = space.shared(SharedPayloads.pattern(publishBytes));
                space.out(Tuple.of("shm", 1L, published));
                ready.append(" published=").append(Long.toHexString(published.segmentId()));
            }
            if (holdBytes >= 0)
            {
                final SharedBytes held = space.shared(SharedPayloads.pattern(holdBytes));
                ready.append(" held=").append(Long.toHexString(held.segmentId()));
            }
            System.out.println(ready);
            Thread.currentThread().join();
            return 0;
        }
    }

    private static void serve(final TupleSpace space)
    {
        while (true)
        {
            final Tuple job = space.in(SharedPayloads.JOB);
            final long id = job.getLong(1);
            if (id < 0)
            {
                return;
            }
            final long checksum = job.getBoolean(3) ? SharedPayloads.checksum(job, 2) : 0;
            space.out(SharedPayloads.done(id, checksum));
        }
    }
}
