package io.tuplespace.examples.bench;

import io.tuplespace.client.ClientContext;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.examples.ChildProcesses;
import io.tuplespace.examples.JvmProcess;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceServer;
import org.HdrHistogram.Histogram;
import org.agrona.SystemUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/tuplespace bench-wakeup}: how soon a take that is already blocked returns after a matching write from
 * another process, through the JavaSpace05 adapter (write / take with a timeout) and through the native client
 * (out / in). The server runs in this JVM, the other side in a child JVM; the two play the ping-pong of
 * {@link WakeUpSide}, which sends each write only once the server's counters show the take it wakes waiting. Each
 * API is measured twice: writing as soon as the take waits, and after it has waited {@code --parked-ms}. The child
 * JVM is stopped by PID and the Aeron directory deleted at the end, also on failure or Ctrl-C.
 */
@Command(name = "bench-wakeup", mixinStandardHelpOptions = true,
    description = "Time from a write to the return of a take already blocked on it, in another process.")
public final class WakeUpCommand implements Callable<Integer>
{
    private static final List<String> APIS = List.of("js", "native");
    private static final int PARKED_WARMUP = 10;

    @Option(names = "--quick", description = "Fewer samples: the whole run takes well under 30 s.")
    boolean quick;

    @Option(names = "--samples", description = "Wake-ups recorded per API, the take written to as soon as it waits " +
        "(default 20,000; --quick 2,000).")
    Integer samples;

    @Option(names = "--warmup", description = "Unrecorded wake-ups before those (default 5,000; --quick 1,000).")
    Integer warmup;

    @Option(names = "--parked-samples", description = "Wake-ups recorded per API, the take written to after it " +
        "has waited --parked-ms (default 1,000; --quick 100), after " + PARKED_WARMUP + " unrecorded.")
    Integer parkedSamples;

    @Option(names = "--parked-ms", defaultValue = "10",
        description = "How long a take waits before its write in the second measurement (default: ${DEFAULT-VALUE}).")
    long parkedMs;

    private long startNs;

    public Integer call()
    {
        final int samplesResolved = null != samples ? samples : quick ? 2_000 : 20_000;
        final int warmupResolved = null != warmup ? warmup : quick ? 1_000 : 5_000;
        final int parkedResolved = null != parkedSamples ? parkedSamples : quick ? 100 : 1_000;
        if (samplesResolved < 1 || warmupResolved < 0 || parkedResolved < 1 || parkedMs < 1)
        {
            System.err.println("bench-wakeup: --samples, --parked-samples and --parked-ms must be positive, " +
                "--warmup not negative");
            return 2;
        }
        System.out.printf(Locale.ROOT, "tuplespace bench-wakeup: idle=%s samples=%,d (after %,d warmup) " +
            "parked-samples=%,d (after %d warmup) parked-ms=%d%n", CommonConfiguration.idleStrategyName(),
            samplesResolved, warmupResolved, parkedResolved, Math.min(warmupResolved, PARKED_WARMUP), parkedMs);

        startNs = System.nanoTime();
        final WakeUpReport report = new WakeUpReport();
        report.parkedMs = parkedMs;
        try (ChildProcesses children = new ChildProcesses())
        {
            try
            {
                runBench(children, report, samplesResolved, warmupResolved, parkedResolved);
            }
            catch (final RuntimeException | InterruptedException ex)
            {
                // The first line says what failed; the peer's output follows.
                final String message = String.valueOf(ex.getMessage());
                System.out.println("bench-wakeup FAILED: " + ex.getClass().getSimpleName() + ": " +
                    message.lines().findFirst().orElse(""));
                System.out.print(children.outputs());
                return 1;
            }
        }
        System.out.printf(Locale.ROOT, "bench-wakeup took %.1f s; child JVM stopped, Aeron directory deleted%n",
            (System.nanoTime() - startNs) / 1e9);
        report.print(System.out);
        return 0;
    }

    private void runBench(
        final ChildProcesses children,
        final WakeUpReport report,
        final int samples,
        final int warmup,
        final int parkedSamples) throws InterruptedException
    {
        final String dir = children.directory(dir());
        children.directory(new File(CommonConfiguration.segmentsDir(dir)));
        progress("starting the server in this JVM and the peer JVM, in " + dir);
        try (TupleSpaceServer server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true));
            ServerTakeCounters counters = new ServerTakeCounters(dir))
        {
            final JvmProcess peer = children.startAndAwait("bench-wakeup-peer",
                List.of(CommonConfiguration.DIR_PROP_NAME + "=" + dir), WakeUpPeerCommand.READY, "bench-wakeup-peer");
            final long firstTakes = counters.takes();
            final long parkedNs = TimeUnit.MILLISECONDS.toNanos(parkedMs);
            final int parkedWarmup = Math.min(warmup, PARKED_WARMUP);
            for (final String api : APIS)
            {
                progress(String.format(Locale.ROOT, "%s, take waited ~0 ms: %,d wake-ups (after %,d warmup)...",
                    api, samples, warmup));
                final Histogram justBlocked = measure(peer, counters, dir,
                    new WakeUpRun(api, 0, counters.takes(), warmup + samples, warmup));
                progress(String.format(Locale.ROOT, "%s, take waited %d ms: %,d wake-ups (after %d warmup)...",
                    api, parkedMs, parkedSamples, parkedWarmup));
                final Histogram parked = measure(peer, counters, dir,
                    new WakeUpRun(api, parkedNs, counters.takes(), parkedWarmup + parkedSamples, parkedWarmup));
                if ("js".equals(api))
                {
                    report.jsJustBlocked = justBlocked;
                    report.jsParked = parked;
                }
                else
                {
                    report.nativeJustBlocked = justBlocked;
                    report.nativeParked = parked;
                }
            }
            report.takesChecked = counters.takes() - firstTakes;
            children.stop(peer);
        }
    }

    /**
     * Play one run with the peer and merge both sides' wake-ups.
     *
     * @throws IllegalStateException if the peer fails, or the server counted other takes than the protocol's.
     */
    private static Histogram measure(
        final JvmProcess peer, final ServerTakeCounters counters, final String dir, final WakeUpRun run)
        throws InterruptedException
    {
        final Histogram histogram;
        try (WakeUpSpace space = WakeUpSpace.connect(
            run.api(), new ClientContext().dir(dir).clientName("bench-wakeup"), "bench", "peer"))
        {
            peer.send(run.toLine());
            histogram = new WakeUpSide(space, counters, true,
                CommonConfiguration.idleStrategy(CommonConfiguration.idleStrategyName())).play(run);
        }
        final String done = peer.awaitLine(
            line -> line.startsWith(WakeUpPeerCommand.DONE) || line.startsWith(WakeUpPeerCommand.FAILED),
            60, TimeUnit.SECONDS);
        if (done.startsWith(WakeUpPeerCommand.FAILED))
        {
            throw new IllegalStateException(done);
        }
        histogram.add(WakeUpPeerCommand.decode(done.substring(WakeUpPeerCommand.DONE.length())));
        final long takes = counters.takes() - run.baseTakes();
        if (takes != run.rounds() || histogram.getTotalCount() != run.rounds() - run.warmup())
        {
            throw new IllegalStateException("the server counted " + takes + " takes for " + run.rounds() +
                " rounds, and " + histogram.getTotalCount() + " wake-ups were recorded for " +
                (run.rounds() - run.warmup()));
        }
        return histogram;
    }

    /**
     * @return the run's Aeron directory, on /dev/shm where there is one, named as the bench's are.
     */
    private static File dir()
    {
        final File shm = new File("/dev/shm");
        final File root = SystemUtil.isLinux() && shm.isDirectory() ? shm : new File(SystemUtil.tmpDirName());
        return new File(root, "aeron-" + System.getProperty("user.name", "default") + "-bench-" +
            ProcessHandle.current().pid() + "-wakeup");
    }

    private void progress(final String line)
    {
        System.out.printf(Locale.ROOT, "  [%5.1f s] %s%n", (System.nanoTime() - startNs) / 1e9, line);
    }
}
