package io.tuplespace.javaspaces;

import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceCounters;
import io.tuplespace.server.TupleSpaceServer;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An in-JVM server in a directory of its own, and JavaSpaces connected to it; every wait is bounded.
 */
final class ServerFixture implements AutoCloseable
{
    static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private final String dir = CommonContext.generateRandomDirName();
    private final TupleSpaceServer server;
    private final List<TupleSpaceJavaSpace> spaces = new ArrayList<>();
    private final List<io.tuplespace.client.TupleSpace> natives = new ArrayList<>();

    ServerFixture()
    {
        this(new ServerContext());
    }

    /**
     * @param ctx settings of the server, to which the fixture adds its directory and term length.
     */
    ServerFixture(final ServerContext ctx)
    {
        server = TupleSpaceServer.launch(ctx.dir(dir).deleteDirOnStart(true).termLength(64 * 1024));
    }

    TupleSpaceJavaSpace connect()
    {
        return connect(new ClientContext());
    }

    /**
     * @return a space whose client keeps bytes inline, so an entry larger than a message is refused.
     */
    TupleSpaceJavaSpace connectInlineOnly()
    {
        return connect(new ClientContext().segmentThreshold(0));
    }

    private TupleSpaceJavaSpace connect(final ClientContext ctx)
    {
        final TupleSpaceJavaSpace space = TupleSpaceJavaSpace.connect(ctx.dir(dir).termLength(64 * 1024));
        spaces.add(space);
        return space;
    }

    /**
     * @return a native client of the same server, closed with the fixture.
     */
    io.tuplespace.client.TupleSpace connectNative()
    {
        final io.tuplespace.client.TupleSpace client = io.tuplespace.client.TupleSpace.connect(
            new ClientContext().dir(dir).termLength(64 * 1024));
        natives.add(client);
        return client;
    }

    /**
     * Wait, bounded, until the server holds {@code expected} waiting requests.
     */
    void awaitWaitingRequests(final long expected)
    {
        await(() -> TupleSpaceCounters.valueOf(
                server.aeron().countersReader(), TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID) == expected,
            "waiting requests never reached " + expected);
    }

    /**
     * @return how many in/rd requests (bulk takes and contents pages included) the server has seen.
     */
    long matchOperations()
    {
        return TupleSpaceCounters.valueOf(server.aeron().countersReader(), TupleSpaceCounters.MATCH_OPERATIONS_TYPE_ID);
    }

    static void await(final BooleanSupplier condition, final String what)
    {
        final long deadlineNs = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadlineNs).as(what).isNegative();
            Thread.onSpinWait();
        }
    }

    public void close()
    {
        spaces.forEach(CloseHelper::quietClose);
        natives.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(server);
        IoUtil.delete(new File(dir), true);
        IoUtil.delete(new File(io.tuplespace.core.CommonConfiguration.segmentsDir(dir)), true);
    }
}
