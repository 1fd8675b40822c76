package io.tuplespace.server;

import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.CommonConfiguration;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server with its embedded driver in an Aeron directory of its own, small terms, and the clients a test
 * connects to it; closing it closes them all and deletes the directory.
 */
public final class ServerFixture implements AutoCloseable
{
    static final int TERM_LENGTH = 64 * 1024;

    private final String dir = CommonContext.generateRandomDirName();
    private final List<TupleSpace> clients = new ArrayList<>();
    private final TupleSpaceServer server;

    public ServerFixture()
    {
        this(new ServerContext());
    }

    /**
     * @param ctx settings of the server, to which the fixture adds its directory and term length.
     */
    ServerFixture(final ServerContext ctx)
    {
        server = TupleSpaceServer.launch(ctx.dir(dir).deleteDirOnStart(true).termLength(TERM_LENGTH));
    }

    public TupleSpace connect()
    {
        return connect(clientContext());
    }

    /**
     * @return the settings {@link #connect()} uses, to change some before {@link #connect(ClientContext)}.
     */
    public ClientContext clientContext()
    {
        return new ClientContext().dir(dir).termLength(TERM_LENGTH);
    }

    public TupleSpace connect(final ClientContext ctx)
    {
        final TupleSpace client = TupleSpace.connect(ctx);
        clients.add(client);
        return client;
    }

    String dir()
    {
        return dir;
    }

    TupleSpaceServer server()
    {
        return server;
    }

    /**
     * Wait, at most 10 s, until a server counter reads {@code expected}.
     */
    void awaitCounter(final int typeId, final long expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TupleSpaceCounters.valueOf(server.aeron().countersReader(), typeId) != expected)
        {
            assertThat(System.nanoTime() - deadlineNs).as("counter %d never reached %d", typeId, expected)
                .isNegative();
            Thread.onSpinWait();
        }
    }

    /**
     * Wait, at most 10 s, until one counter of a keyed family (operations, errors by code) reads {@code expected}.
     */
    void awaitCounter(final int typeId, final int key, final long expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TupleSpaceCounters.valueOf(server.aeron().countersReader(), typeId, key) != expected)
        {
            assertThat(System.nanoTime() - deadlineNs).as("counter %d/%d never reached %d", typeId, key, expected)
                .isNegative();
            Thread.onSpinWait();
        }
    }

    /**
     * @return the counters of the server's media driver, the driver's own among them.
     */
    CountersReader countersReader()
    {
        return server.aeron().countersReader();
    }

    /**
     * @return the value of a server counter now.
     */
    long counter(final int typeId)
    {
        return TupleSpaceCounters.valueOf(server.aeron().countersReader(), typeId);
    }

    public void close()
    {
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(server);
        IoUtil.delete(new File(dir), true);
        IoUtil.delete(new File(CommonConfiguration.segmentsDir(dir)), true);
    }
}
