package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.aeron.exceptions.ConfigurationException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The tuple space server: an embedded media driver (unless told to attach to one), an Aeron client, and the
 * {@link TupleSpaceAgent} on a thread of its own, or on the caller's through {@link #invoker()}.
 * <pre>{@code
 * try (TupleSpaceServer server = TupleSpaceServer.launch(new ServerContext()))
 * {
 *     ...
 * }
 * }</pre>
 */
public final class TupleSpaceServer implements AutoCloseable
{
    private final ServerContext ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final TupleSpaceAgent agent;
    private final AgentRunner runner;
    private final AgentInvoker invoker;

    private TupleSpaceServer(final ServerContext ctx)
    {
        this.ctx = ctx;
        MediaDriver launchedDriver = null;
        Aeron connectedAeron = null;
        try
        {
            launchedDriver = ctx.embeddedDriver() ? launchDriver(ctx) : null;
            connectedAeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(ctx.dir())
                .useConductorAgentInvoker(true)
                .errorHandler(ctx.errorHandler())
                .clientName("tuplespace-server"));
            agent = new TupleSpaceAgent(ctx, connectedAeron);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(connectedAeron, launchedDriver);
            throw ex;
        }
        driver = launchedDriver;
        aeron = connectedAeron;
        if (ctx.useAgentInvoker())
        {
            runner = null;
            invoker = new AgentInvoker(ctx.errorHandler(), null, agent);
            invoker.start();
        }
        else
        {
            invoker = null;
            runner = new AgentRunner(ctx.newIdleStrategy(), ctx.errorHandler(), null, agent);
            AgentRunner.startOnThread(runner);
        }
    }

    /**
     * Start a server.
     *
     * @param ctx configuration; concluded here.
     * @return the running server.
     * @throws ConfigurationException    for an invalid setting.
     * @throws ServerStartException      when the Aeron directory is in use by a running driver, or no driver runs
     *                                   there to attach to.
     */
    public static TupleSpaceServer launch(final ServerContext ctx)
    {
        ctx.conclude();
        try
        {
            return new TupleSpaceServer(ctx);
        }
        catch (final io.aeron.driver.exceptions.ActiveDriverException ex)
        {
            throw new ServerStartException("a media driver is already running in " + ctx.dir() +
                " (another tuple space server?); stop it or choose another directory with -Dtuplespace.dir", ex);
        }
        catch (final io.aeron.exceptions.DriverTimeoutException ex)
        {
            throw new ServerStartException("no media driver is running in " + ctx.dir() +
                " to attach to; start one, or run with the embedded driver (tuplespace.embedded.driver=true)", ex);
        }
    }

    /**
     * @return the configuration the server runs with.
     */
    public ServerContext context()
    {
        return ctx;
    }

    /**
     * @return the invoker to drive the agent with when {@link ServerContext#useAgentInvoker()} is set, else null.
     */
    public AgentInvoker invoker()
    {
        return invoker;
    }

    /**
     * @return the Aeron client the server uses, for its counters.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * Stop the agent, close every client session, then the Aeron client and the embedded driver.
     */
    public void close()
    {
        CloseHelper.closeAll(runner, invoker, aeron, driver);
    }

    /**
     * Run a server until SIGINT or SIGTERM. Settings come from system properties (see {@link ServerConfiguration}).
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        // The barrier closes last: its shutdown hook waits for that, so the server is closed cleanly on SIGTERM.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            TupleSpaceServer server = launch(new ServerContext()))
        {
            System.out.println("tuplespace server ready: dir=" + server.ctx.dir() + " embeddedDriver=" +
                server.ctx.embeddedDriver() + " idle=" + server.ctx.idleStrategyName() + " maxTupleLength=" +
                server.ctx.maxTupleLength() + " limits: " + server.ctx.limits());
            barrier.await();
            System.out.println("tuplespace server shutting down");
        }
        catch (final ServerStartException ex)
        {
            System.err.println("tuplespace server: " + ex.getMessage());
            System.exit(2);
        }
    }

    private static MediaDriver launchDriver(final ServerContext ctx)
    {
        final MediaDriver driver = MediaDriver.launch(driverContext(ctx));
        if (ctx.dirOwnerOnly())
        {
            restrictToOwner(driver.aeronDirectoryName());
        }
        return driver;
    }

    private static void restrictToOwner(final String dir)
    {
        try
        {
            Files.setPosixFilePermissions(Path.of(dir), PosixFilePermissions.fromString("rwx------"));
        }
        catch (final UnsupportedOperationException ignore)
        {
            // Not a POSIX file system: its own access control applies.
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot restrict " + dir + " to its owner", ex);
        }
    }

    /**
     * The embedded media driver's settings for a server context: SHARED threading with the driver's idle strategy,
     * IPC terms of the configured length, and the client liveness timeout. Public so that a benchmark can run a
     * baseline driver with exactly the same settings.
     *
     * @param ctx the server's settings, concluded.
     * @return a new driver context.
     */
    public static MediaDriver.Context driverContext(final ServerContext ctx)
    {
        final long livenessNs = ctx.clientLivenessTimeoutNs();
        return new MediaDriver.Context()
            .aeronDirectoryName(ctx.dir())
            .dirDeleteOnStart(ctx.deleteDirOnStart())
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ctx.newDriverIdleStrategy())
            .ipcTermBufferLength(ctx.termLength())
            .clientLivenessTimeoutNs(livenessNs)
            // The driver checks liveness on this timer, so a dead client is noticed within 1.25 x the timeout.
            .timerIntervalNs(Math.min(TimeUnit.SECONDS.toNanos(1), livenessNs / 4))
            // Aeron requires the unblock timeout to exceed the client liveness timeout.
            .publicationUnblockTimeoutNs(livenessNs + TimeUnit.SECONDS.toNanos(5))
            .errorHandler(ctx.errorHandler());
    }

    /**
     * The server could not start; the message says why and what to do.
     */
    public static final class ServerStartException extends AeronException
    {
        private static final long serialVersionUID = 1L;

        ServerStartException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }
}
