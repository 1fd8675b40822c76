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
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-pong}: the far side of the raw Aeron baselines. It is set up the way the tuple space server is
 * (embedded media driver in {@code SHARED} mode, the idle strategy, IPC term length and fragment limit of
 * {@code tuplespace.*} settings, its agent on a thread of its own), so the difference the bench measures is the
 * tuple space itself. Its roles:
 * <ul>
 * <li>{@code pong} echoes pings: the two-process ping-pong;</li>
 * <li>{@code hub} passes pings on to an {@code echo} JVM and the echoes back to the pinger, as the server passes a
 * call to a worker and its result back: the relay, four hops between three processes;</li>
 * <li>{@code echo} is the relay's far end: a pong without a driver of its own, connected to the hub's.</li>
 * </ul>
 * Runs until SIGTERM or until its parent process exits.
 */
@Command(name = "bench-pong", hidden = true, description = "Raw Aeron IPC echo or relay for the bench baselines.")
public final class PongCommand implements Callable<Integer>
{
    /** Printed once the subscriptions and publications exist (and, for an echo, are connected to the hub). */
    static final String READY = "bench-pong ready";

    enum Role
    {
        pong, hub, echo
    }

    @Option(names = "--role", defaultValue = "pong", description = "pong, hub or echo (default: ${DEFAULT-VALUE}).")
    Role role;

    public Integer call() throws InterruptedException
    {
        final String dir = CommonConfiguration.dir();
        final String idleStrategyName = CommonConfiguration.idleStrategyName();
        final int termLength = CommonConfiguration.termLength();
        final int fragmentLimit = ServerConfiguration.fragmentLimit();
        final boolean isEcho = Role.echo == role;
        // Exactly the driver a tuple space server embeds, so the baseline differs from it only by the protocol.
        final MediaDriver.Context driverCtx = isEcho ? null :
            TupleSpaceServer.driverContext(new ServerContext().conclude()).dirDeleteOnStart(true);

        // The barrier closes last: its shutdown hook waits for that, so the driver is closed cleanly on SIGTERM.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            MediaDriver driver = isEcho ? null : MediaDriver.launch(driverCtx);
            Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir)
                .useConductorAgentInvoker(true)
                .clientName("bench-" + role)))
        {
            final IdleStrategy backPressureIdle = CommonConfiguration.idleStrategy(idleStrategyName);
            final Agent agent;
            switch (role)
            {
                case hub:
                    agent = new RelayAgent(aeron.conductorAgentInvoker(),
                        aeron.addSubscription(CommonConfiguration.IPC_CHANNEL, PingPongProtocol.PING_STREAM_ID),
                        exclusiveIpc(aeron, termLength, PingPongProtocol.RELAY_OUT_STREAM_ID),
                        aeron.addSubscription(CommonConfiguration.IPC_CHANNEL, PingPongProtocol.RELAY_BACK_STREAM_ID),
                        exclusiveIpc(aeron, termLength, PingPongProtocol.PONG_STREAM_ID),
                        backPressureIdle, fragmentLimit);
                    break;
                case echo:
                    final Subscription relayed =
                        aeron.addSubscription(CommonConfiguration.IPC_CHANNEL, PingPongProtocol.RELAY_OUT_STREAM_ID);
                    final ExclusivePublication back =
                        exclusiveIpc(aeron, termLength, PingPongProtocol.RELAY_BACK_STREAM_ID);
                    awaitConnected(aeron, relayed, back);
                    agent = new PongAgent(aeron.conductorAgentInvoker(), relayed, back, backPressureIdle,
                        fragmentLimit);
                    break;
                default:
                    agent = new PongAgent(aeron.conductorAgentInvoker(),
                        aeron.addSubscription(CommonConfiguration.IPC_CHANNEL, PingPongProtocol.PING_STREAM_ID),
                        exclusiveIpc(aeron, termLength, PingPongProtocol.PONG_STREAM_ID),
                        backPressureIdle, fragmentLimit);
                    break;
            }
            try (AgentRunner runner = new AgentRunner(
                CommonConfiguration.idleStrategy(idleStrategyName), Throwable::printStackTrace, null, agent))
            {
                AgentRunner.startOnThread(runner);
                watchParent(barrier);
                System.out.println(READY + ": role=" + role + " dir=" + dir + " idle=" + idleStrategyName +
                    " termLength=" + termLength);
                barrier.await();
            }
        }
        return 0;
    }

    private static ExclusivePublication exclusiveIpc(final Aeron aeron, final int termLength, final int streamId)
    {
        return aeron.addExclusivePublication(
            new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).termLength(termLength).build(), streamId);
    }

    /**
     * The echo is ready once the hub reaches it both ways; the invoker runs the conductor until then.
     */
    private static void awaitConnected(
        final Aeron aeron, final Subscription relayed, final ExclusivePublication back) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!relayed.isConnected() || !back.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no relay hub connected within 30 s in " + aeron.context()
                    .aeronDirectoryName());
            }
            aeron.conductorAgentInvoker().invoke();
            TimeUnit.MILLISECONDS.sleep(1);
        }
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
