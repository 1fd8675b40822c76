package io.tuplespace.examples.bench;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceServer;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.server.ServerConfiguration;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-pong}: the echo process of the raw Aeron baseline. It is set up the way the tuple space server is
 * (embedded media driver in {@code SHARED} mode, the idle strategy, IPC term length and fragment limit of
 * {@code tuplespace.*} settings, its agent on a thread of its own), so the difference the bench measures is the
 * tuple space itself. Runs until SIGTERM or until its parent process exits.
 */
@Command(name = "bench-pong", hidden = true, description = "Raw Aeron IPC echo for the bench baseline.")
public final class PongCommand implements Callable<Integer>
{
    /** Printed once the subscription and publication exist. */
    static final String READY = "bench-pong ready";

    public Integer call()
    {
        final String dir = CommonConfiguration.dir();
        final String idleStrategyName = CommonConfiguration.idleStrategyName();
        final int termLength = CommonConfiguration.termLength();
        // Exactly the driver a tuple space server embeds, so the baseline differs from it only by the protocol.
        final MediaDriver.Context driverCtx = TupleSpaceServer.driverContext(new ServerContext().conclude())
            .dirDeleteOnStart(true);

        // The barrier closes last: its shutdown hook waits for that, so the driver is closed cleanly on SIGTERM.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            MediaDriver driver = MediaDriver.launch(driverCtx);
            Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir)
                .useConductorAgentInvoker(true)
                .clientName("bench-pong"));
            Subscription pings = aeron.addSubscription(
                CommonConfiguration.IPC_CHANNEL, PingPongProtocol.PING_STREAM_ID);
            ExclusivePublication pongs = aeron.addExclusivePublication(
                new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).termLength(termLength).build(),
                PingPongProtocol.PONG_STREAM_ID))
        {
            final PongAgent agent = new PongAgent(aeron.conductorAgentInvoker(), pings, pongs,
                CommonConfiguration.idleStrategy(idleStrategyName), ServerConfiguration.fragmentLimit());
            try (AgentRunner runner = new AgentRunner(
                CommonConfiguration.idleStrategy(idleStrategyName), Throwable::printStackTrace, null, agent))
            {
                AgentRunner.startOnThread(runner);
                watchParent(barrier);
                System.out.println(READY + ": dir=" + dir + " idle=" + idleStrategyName + " termLength=" + termLength);
                barrier.await();
            }
        }
        return 0;
    }

    /**
     * A pong whose bench process died (SIGKILL, no chance to stop its children) stops by itself.
     */
    static void watchParent(final ShutdownSignalBarrier barrier)
    {
        final ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (null == parent)
        {
            return;
        }
        final Thread watcher = new Thread(
            () ->
            {
                try
                {
                    while (parent.isAlive())
                    {
                        TimeUnit.MILLISECONDS.sleep(500);
                    }
                    barrier.signal();
                }
                catch (final InterruptedException ignore)
                {
                    // The process is exiting.
                }
            },
            "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
