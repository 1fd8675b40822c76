package io.tuplespace.examples;

import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceServer;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs a tuple space server until SIGINT or SIGTERM. Options override the system properties the server reads.
 */
@Command(name = "server", description = "Run a tuple space server (embedded media driver by default).")
final class ServerCommand implements Callable<Integer>
{
    @Option(names = "--dir",
        description = "Aeron directory (default: tuplespace.dir or /dev/shm/aeron-<user>-tuplespace).")
    String dir;

    @Option(names = "--idle-strategy", description = "backoff (default), yielding, sleeping, busy-spin or noop.")
    String idleStrategy;

    @Option(names = "--term-length", description = "IPC term length per publication, power of two (default 256k).")
    String termLength;

    @Option(names = "--client-liveness-timeout", converter = DurationConverter.class,
        description = "How long a silent client lives before it is declared dead (default 5s).")
    Duration clientLivenessTimeout;

    @Option(names = "--external-driver", description = "Attach to a running media driver instead of embedding one.")
    boolean externalDriver;

    public Integer call()
    {
        final ServerContext ctx = new ServerContext();
        if (null != dir)
        {
            ctx.dir(dir);
        }
        if (null != idleStrategy)
        {
            ctx.idleStrategyName(idleStrategy);
        }
        if (null != termLength)
        {
            System.setProperty(CommonConfiguration.TERM_LENGTH_PROP_NAME, termLength);
            ctx.termLength(CommonConfiguration.termLength());
        }
        if (null != clientLivenessTimeout)
        {
            ctx.clientLivenessTimeoutNs(clientLivenessTimeout.toNanos());
        }
        if (externalDriver)
        {
            ctx.embeddedDriver(false);
        }

        // The barrier closes last: its shutdown hook waits for that, so the server is closed cleanly on SIGTERM.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            TupleSpaceServer server = TupleSpaceServer.launch(ctx))
        {
            System.out.println("tuplespace server ready: dir=" + ctx.dir() + " embeddedDriver=" + ctx.embeddedDriver() +
                " idle=" + ctx.idleStrategyName() + " termLength=" + ctx.termLength() + " maxTupleLength=" +
                ctx.maxTupleLength() + " clientLivenessTimeoutMs=" + ctx.clientLivenessTimeoutNs() / 1_000_000 +
                " limits: " + ctx.limits());
            barrier.await();
            System.out.println("tuplespace server stopping");
        }
        catch (final TupleSpaceServer.ServerStartException ex)
        {
            System.err.println("tuplespace server: " + ex.getMessage());
            return 2;
        }
        return 0;
    }
}
