package io.tuplespace.examples.bench;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.call.Calls;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.examples.ChildProcesses;
import io.tuplespace.examples.JvmProcess;
import io.tuplespace.examples.calls.CallWorkerCommand;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.SystemUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * {@code bin/tuplespace bench}: in one run, a raw Aeron IPC ping-pong baseline and the tuple space, measured in
 * alternating rounds with the same idle strategy, IPC term length and child JVM flags, reported as one table whose
 * last line is a machine-readable summary. Every measurement gets a fresh Aeron directory, deleted afterwards, and
 * every child JVM is stopped by PID at the end, also on failure or Ctrl-C.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the tuple space against a raw Aeron IPC baseline; print one table.")
public final class BenchCommand implements Callable<Integer>
{
    private static final String SERVER_READY = "tuplespace server ready";
    private static final List<String> SERVER_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx1g");

    @Option(names = "--quick", description = "Fewer samples and tasks: the whole run takes well under a minute.")
    boolean quick;

    @Option(names = "--samples", description = "Recorded round trips of each kind, split evenly over the rounds " +
        "(default 100,000; --quick 50,000).")
    Integer samples;

    @Option(names = "--rounds", description = "Alternating rounds the round-trip samples are split into " +
        "(default 10; --quick 5).")
    Integer rounds;

    private static final int WARMUP_RUNS = 2;
    private static final int MEASURED_RUNS = 3;
    /**
     * The round trips' warm-up alternates ping-pong, rd and in this many times, so the server's code is compiled for
     * the mix it is measured on rather than for the first kind of request it saw.
     */
    private static final int WARMUP_ROUNDS = 10;

    @Option(names = "--warmup", defaultValue = "100000",
        description = "Unrecorded round trips of each kind before the RTT rounds, in 10 alternating parts " +
            "(default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--pipelined", description = "Messages and outs for the pipelined throughput measurements, " +
        "each run " + (WARMUP_RUNS + MEASURED_RUNS) + " times, reporting the median of the last " + MEASURED_RUNS +
        " (default 1,000,000; --quick 200,000).")
    Integer pipelined;

    @Option(names = "--workers", defaultValue = "2", description = "Farm worker JVMs (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--tasks", description = "Farm tasks, run twice, the first as warmup (default 1,000,000; " +
        "--quick 200,000).")
    Integer tasks;

    @Option(names = "--in-batch", defaultValue = "1000",
        description = "Tuples out before each round of timed in (default: ${DEFAULT-VALUE}).")
    int inBatch;

    @Option(names = "--calls", description = "Calls for the callAsync and map measurements, each run " +
        (WARMUP_RUNS + MEASURED_RUNS) + " times, reporting the median of the last " + MEASURED_RUNS +
        " (default 1,000,000 for map and a fifth for callAsync; --quick 300,000).")
    Integer calls;

    @Option(names = "--call-prefetch", defaultValue = "64",
        description = "Calls a call-worker's handler thread takes at once (default: ${DEFAULT-VALUE}).")
    int callPrefetch;

    @Option(names = "--idle-strategy", description = "Idle strategy of every process: backoff, yielding, sleeping, " +
        "busy-spin or noop (default: tuplespace.idle.strategy or backoff).")
    String idleStrategy;

    @Option(names = "--histogram-dir", description = "Write the RTT histograms there as baseline.hgrm, relay.hgrm, " +
        "rd.hgrm, in.hgrm and call.hgrm (percentile distributions in us).")
    File histogramDir;

    @Option(names = "--pin", description = "Linux: during the round trips and pipelined runs, pin this process " +
        "to the first CPU it may use and the pong and server JVMs to the second (taskset), for figures that repeat " +
        "from run to run.")
    boolean pin;

    @Option(names = "--plot", description = "Also draw the RTT percentile distributions into this PNG.")
    File plot;

    private long startNs;
    private String pinnedAs;

    public Integer call() throws IOException
    {
        final Settings settings = settings();
        if (null == settings)
        {
            return 2;
        }
        System.out.printf(Locale.ROOT, "tuplespace bench: idle=%s termLength=%d samples=%,d (after %,d warmup) " +
            "pipelined=%,d tasks=%,d workers=%d calls=%,d pin=%b%n", settings.idleStrategyName, settings.termLength,
            settings.samples, settings.warmup, settings.pipelined, settings.tasks, settings.workers, settings.calls,
            pin);

        startNs = System.nanoTime();
        final BenchReport report = new BenchReport();
        report.workers = settings.workers;
        try (ChildProcesses children = new ChildProcesses())
        {
            try
            {
                runBench(children, settings, report);
            }
            catch (final RuntimeException | InterruptedException ex)
            {
                // The first line says what failed; the output of every child follows once.
                final String message = String.valueOf(ex.getMessage());
                System.out.println("bench FAILED: " + ex.getClass().getSimpleName() + ": " +
                    message.lines().findFirst().orElse(""));
                System.out.print(children.outputs());
                return 1;
            }
        }
        System.out.printf(Locale.ROOT, "bench took %.1f s; child JVMs stopped, Aeron directories deleted%n",
            (System.nanoTime() - startNs) / 1e9);
        writeHistograms(report);
        report.print(System.out, String.format(Locale.ROOT,
            "%,d samples each in %d alternating rounds, after %,d warmup; idle=%s, response spin %,d ns, IPC " +
            "term %d, baseline messages of %d bytes%s", settings.samplesPerRound() * settings.rounds, settings.rounds,
            settings.warmup, settings.idleStrategyName, ClientContext.responseSpinNsProperty(), settings.termLength,
            PingPongProtocol.MESSAGE_LENGTH, null != pinnedAs ? "; pinned: " + pinnedAs : ""));
        return 0;
    }

    private void runBench(final ChildProcesses children, final Settings settings, final BenchReport report)
        throws InterruptedException
    {
        runRelayBaseline(children, settings, report);

        final String baselineDir = children.directory(settings.dir("baseline"));
        progress("baseline: starting the pong JVM (the server's embedded driver settings) in " + baselineDir);
        final JvmProcess pong = children.startAndAwait(
            "bench-pong", settings.properties(baselineDir), PongCommand.READY, "bench-pong");
        final String dir = children.directory(settings.dir("space"));
        final List<String> properties = settings.properties(dir);
        progress("tuple space: starting the server JVM in " + dir);
        // A heap of its own: the runs store millions of tuples, and the default stored bytes limit (half the heap)
        // of a 256 MiB child JVM would bound the benchmark instead of the server's speed.
        final JvmProcess server = children.startAndAwait(
            "server", SERVER_JVM_OPTIONS, properties, SERVER_READY, "server");
        final ClientContext ctx = new ClientContext()
            .dir(dir)
            .idleStrategyName(settings.idleStrategyName)
            .termLength(settings.termLength)
            .clientName("bench");
        try (TupleSpace space = TupleSpace.connect(ctx))
        {
            final TupleSpaceBench bench = new TupleSpaceBench(space);
            try (BaselineBench ping = BaselineBench.connect(
                baselineDir, settings.termLength, settings.idleStrategyName);
                CpuPinning pinning = pin ? CpuPinning.pin(pong, server) : null)
            {
                pinnedAs = null != pinning ? pinning.describe("pong and server") : null;
                runRoundTrips(settings, report, pong, ping, server, bench);
                progress(String.format(Locale.ROOT, "pipelined: %,d messages, then %,d tuples out, alternated " +
                    "(median of 3 runs each after 2 warmup runs)...", settings.pipelined, settings.pipelined));
                final double[] rates = alternatedMedians(
                    () -> ping.throughput(settings.pipelined), () -> bench.outThroughput(settings.pipelined));
                report.baselineMessagesPerS = rates[0];
                report.outPerS = rates[1];
            }
            // The farm's three processes and the calls' workers have the 2 cores to themselves.
            children.stop(pong);

            runFarm(children, settings, report, properties, space);
            runCalls(children, settings, report, properties, space);
        }
        children.stop(server);
    }

    /**
     * The baseline and the tuple space are both up and measured in alternating rounds, the one not being measured
     * frozen: when the machine changes pace during the run (a 2-core VM does, by a factor of 3 at times), both see
     * the change, and the ratio of their distributions stays a comparison of the two rather than of two moments.
     */
    private void runRoundTrips(
        final Settings settings,
        final BenchReport report,
        final JvmProcess pong,
        final BaselineBench ping,
        final JvmProcess server,
        final TupleSpaceBench bench)
    {
        report.baselineRtt = new Histogram(3);
        report.rdRtt = new Histogram(3);
        report.inRtt = new Histogram(3);
        final HeapWarmup.Result heap = HeapWarmup.run();
        progress(String.format(Locale.ROOT, "heap warm-up: %,d MiB allocated and dropped in %d passes (heap %,d MiB)",
            heap.allocatedBytes() >> 20, heap.passes(), heap.committedBytes() >> 20));
        progress(String.format(Locale.ROOT, "round trips: %,d warmup each of ping-pong, rd and in, in %d " +
            "alternating parts, then %d rounds of %,d samples each (in: batches of %,d)...", settings.warmup,
            WARMUP_ROUNDS, settings.rounds, settings.samplesPerRound(), settings.inBatch));
        try
        {
            for (int round = -WARMUP_ROUNDS; round < settings.rounds; round++)
            {
                final boolean isWarmup = round < 0;
                final int warmup = isWarmup ? warmupPart(settings.warmup, round + WARMUP_ROUNDS) : 0;
                final int samples = isWarmup ? 0 : settings.samplesPerRound();
                Freezer.freeze(server);
                final Histogram baseline = ping.pingPong(warmup, samples);
                Freezer.thaw(server);
                Freezer.freeze(pong);
                final Histogram rd = bench.rd(warmup, samples);
                final Histogram in = bench.in(warmup, samples, settings.inBatch);
                Freezer.thaw(pong);
                if (!isWarmup)
                {
                    report.addRound(baseline, rd, in);
                    progress(String.format(Locale.ROOT, "round %d: p50 ping-pong %.2f us, rd %.2f us, in %.2f us",
                        round + 1, baseline.getValueAtPercentile(50) / 1e3, rd.getValueAtPercentile(50) / 1e3,
                        in.getValueAtPercentile(50) / 1e3));
                }
            }
        }
        finally
        {
            // A round that failed may have left one frozen; frozen, it would not stop when asked to.
            Freezer.thaw(server);
            Freezer.thaw(pong);
        }
    }

    /**
     * @return the round trips of warm-up part {@code part} (0-based) of {@link #WARMUP_ROUNDS}, which add up to
     * {@code warmup}.
     */
    static int warmupPart(final int warmup, final int part)
    {
        return (int)((long)warmup * (part + 1) / WARMUP_ROUNDS - (long)warmup * part / WARMUP_ROUNDS);
    }

    /**
     * The floor under a call: a raw Aeron relay through a hub JVM to an echo JVM and back, the four hops between
     * three processes that a call makes through the server to a worker, with as many samples as the call gets.
     */
    private void runRelayBaseline(final ChildProcesses children, final Settings settings, final BenchReport report)
        throws InterruptedException
    {
        final String relayDir = children.directory(settings.dir("relay"));
        final List<String> properties = settings.properties(relayDir);
        progress("relay baseline: starting a hub JVM and an echo JVM in " + relayDir);
        final JvmProcess hub = children.startAndAwait(
            "bench-relay-hub", properties, PongCommand.READY, "bench-pong", "--role", "hub");
        final JvmProcess echo = children.startAndAwait(
            "bench-relay-echo", properties, PongCommand.READY, "bench-pong", "--role", "echo");
        try (BaselineBench ping = BaselineBench.connect(relayDir, settings.termLength, settings.idleStrategyName))
        {
            progress(String.format(Locale.ROOT, "relay baseline: %,d samples (after %,d warmup)...",
                settings.callSamples(), settings.callWarmup()));
            report.relayRtt = ping.pingPong(settings.callWarmup(), settings.callSamples());
        }
        children.stop(echo);
        children.stop(hub);
    }

    private void runFarm(
        final ChildProcesses children,
        final Settings settings,
        final BenchReport report,
        final List<String> properties,
        final TupleSpace space) throws InterruptedException
    {
        progress("farm: starting " + settings.workers + " worker JVMs...");
        final List<JvmProcess> farmWorkers = new ArrayList<>();
        for (int id = 1; id <= settings.workers; id++)
        {
            farmWorkers.add(children.start("worker " + id, properties, "bench-farm-worker", "--id", "" + id));
        }
        for (final JvmProcess worker : farmWorkers)
        {
            worker.awaitLine(line -> line.startsWith(FarmWorkerCommand.READY), 60, TimeUnit.SECONDS);
        }
        final FarmBench farm = new FarmBench(space, this::progress);
        progress(String.format(Locale.ROOT, "farm warmup: 1 producer (this process), %d workers, %,d tasks...",
            settings.workers, settings.tasks));
        farm.run(settings.tasks);
        progress(String.format(Locale.ROOT, "farm: 1 producer (this process), %d workers, %,d tasks...",
            settings.workers, settings.tasks));
        report.farmPerS = farm.run(settings.tasks);
        farm.stopWorkers(settings.workers);
        for (final JvmProcess worker : farmWorkers)
        {
            worker.awaitExit(30, TimeUnit.SECONDS);
        }
    }

    private void runCalls(
        final ChildProcesses children,
        final Settings settings,
        final BenchReport report,
        final List<String> properties,
        final TupleSpace space) throws InterruptedException
    {
        progress("calls: starting 1 call-worker JVM (prefetch " + settings.callPrefetch + ")...");
        final List<JvmProcess> callWorkers = new ArrayList<>();
        startCallWorkers(children, settings, properties, callWorkers, 1);
        report.callPrefetch = settings.callPrefetch;
        try (Calls calls = new Calls(space))
        {
            final CallBench bench = new CallBench(calls);
            // One worker, as the ping-pong has one pong: with several, the least-busy rule hands each call to the
            // worker idle longest, which has parked by then, and every call pays a wake-up (about 50 us).
            progress(String.format(Locale.ROOT, "call round trip, 1 worker: %,d samples (after %,d warmup)...",
                settings.callSamples(), settings.callWarmup()));
            report.callRtt = bench.callRtt(settings.callWarmup(), settings.callSamples());
            progress("calls: starting " + (settings.workers - 1) + " more call-worker JVMs...");
            startCallWorkers(children, settings, properties, callWorkers, settings.workers);
            final int asyncCalls = Math.max(1, settings.calls / 5);
            progress(String.format(Locale.ROOT,
                "callAsync, unchunked: %,d calls (median of 3 runs after 2 warmup runs)...", asyncCalls));
            report.callAsyncPerS = medianOfRuns(() -> bench.callAsyncRate(asyncCalls));
            final List<Long> inputs = LongStream.range(0, settings.calls).boxed().collect(Collectors.toList());
            progress(String.format(Locale.ROOT, "map, default chunks: %,d calls (median of 3 runs after 2 warmup " +
                "runs)...", settings.calls));
            report.mapPerS = medianOfRuns(() -> bench.mapRate(inputs));
        }
        callWorkers.forEach(children::stop);
    }

    private static void startCallWorkers(
        final ChildProcesses children,
        final Settings settings,
        final List<String> properties,
        final List<JvmProcess> callWorkers,
        final int total) throws InterruptedException
    {
        for (int id = callWorkers.size() + 1; id <= total; id++)
        {
            final JvmProcess worker = children.start("call-worker " + id, properties,
                "call-worker", "--id", "" + id, "--prefetch", "" + settings.callPrefetch);
            worker.awaitLine(line -> line.startsWith(CallWorkerCommand.READY), 60, TimeUnit.SECONDS);
            callWorkers.add(worker);
        }
    }

    private void writeHistograms(final BenchReport report) throws IOException
    {
        if (null == histogramDir && null == plot)
        {
            return;
        }
        final File dir = null != histogramDir ? histogramDir : Files.createTempDirectory("bench-hgrm").toFile();
        try
        {
            final List<File> files = report.writeHistograms(dir);
            if (null != histogramDir)
            {
                System.out.println("histograms: " + files);
            }
            if (null != plot)
            {
                PlotPercentiles.plot(files, plot, "round trip: Aeron IPC baselines vs tuple space rd / in / call", "us",
                    true);
                System.out.println("plot: " + plot);
            }
        }
        finally
        {
            if (null == histogramDir)
            {
                IoUtil.delete(dir, true);
            }
        }
    }

    private Settings settings()
    {
        final Settings settings = new Settings();
        settings.samples = null != samples ? samples : quick ? 50_000 : 100_000;
        settings.warmup = warmup;
        settings.rounds = null != rounds ? rounds : quick ? 5 : 10;
        settings.pipelined = null != pipelined ? pipelined : quick ? 200_000 : 1_000_000;
        settings.tasks = null != tasks ? tasks : quick ? 200_000 : 1_000_000;
        settings.workers = workers;
        settings.inBatch = inBatch;
        settings.calls = null != calls ? calls : quick ? 300_000 : 1_000_000;
        settings.callPrefetch = callPrefetch;
        settings.idleStrategyName = null != idleStrategy ? idleStrategy : CommonConfiguration.idleStrategyName();
        settings.termLength = CommonConfiguration.termLength();
        if (settings.samples < 1 || settings.warmup < 0 || settings.pipelined < 1 || settings.tasks < 1 ||
            settings.workers < 1 || settings.inBatch < 1 || settings.calls < 5 || settings.callPrefetch < 1 ||
            settings.rounds < 1 || settings.samples < settings.rounds)
        {
            System.err.println("bench: --samples, --tasks, --workers, --in-batch, --call-prefetch and --rounds " +
                "must be positive, --pipelined too, --calls at least 5, --samples at least --rounds, and --warmup " +
                "not negative");
            return null;
        }
        try
        {
            CommonConfiguration.idleStrategy(settings.idleStrategyName);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("bench: " + ex.getMessage());
            return null;
        }
        return settings;
    }

    private void progress(final String line)
    {
        System.out.printf(Locale.ROOT, "  [%5.1f s] %s%n", (System.nanoTime() - startNs) / 1e9, line);
    }

    /**
     * The resolved settings of one run, identical for the baseline and the tuple space.
     */
    private static final class Settings
    {
        int samples;
        int warmup;
        int rounds;
        int pipelined;
        int tasks;
        int workers;
        int inBatch;
        int calls;
        int callPrefetch;
        String idleStrategyName;
        int termLength;

        int samplesPerRound()
        {
            return samples / rounds;
        }

        /**
         * A call and its relay baseline cross four hops where rd crosses two: a fifth of the samples keeps
         * {@code --quick} quick.
         */
        int callSamples()
        {
            return Math.max(1, samples / 5);
        }

        int callWarmup()
        {
            return warmup / 5;
        }

        /**
         * @return a fresh Aeron directory for one measurement, on /dev/shm where there is one.
         */
        File dir(final String measurement)
        {
            final File shm = new File("/dev/shm");
            final File root = SystemUtil.isLinux() && shm.isDirectory() ? shm : new File(SystemUtil.tmpDirName());
            return new File(root, "aeron-" + System.getProperty("user.name", "default") + "-bench-" +
                ProcessHandle.current().pid() + "-" + measurement);
        }

        /**
         * @return the settings every child JVM gets, so each reads the same ones.
         */
        List<String> properties(final String dir)
        {
            return List.of(
                CommonConfiguration.DIR_PROP_NAME + "=" + dir,
                CommonConfiguration.IDLE_STRATEGY_PROP_NAME + "=" + idleStrategyName,
                CommonConfiguration.TERM_LENGTH_PROP_NAME + "=" + termLength);
        }
    }

    /**
     * Two throughputs measured in turn, as the round trips are: each run {@value #WARMUP_RUNS} times unrecorded,
     * then {@value #MEASURED_RUNS} times, alternating.
     *
     * @return the median of each one's measured runs, in the order given.
     */
    private static double[] alternatedMedians(final DoubleSupplier first, final DoubleSupplier second)
    {
        final double[] firstRates = new double[MEASURED_RUNS];
        final double[] secondRates = new double[MEASURED_RUNS];
        for (int i = -WARMUP_RUNS; i < MEASURED_RUNS; i++)
        {
            final double firstRate = first.getAsDouble();
            final double secondRate = second.getAsDouble();
            if (i >= 0)
            {
                firstRates[i] = firstRate;
                secondRates[i] = secondRate;
            }
        }
        Arrays.sort(firstRates);
        Arrays.sort(secondRates);
        return new double[] { firstRates[MEASURED_RUNS / 2], secondRates[MEASURED_RUNS / 2] };
    }

    /**
     * Throughput after the JIT and the space's tables have warmed up: run {@value #WARMUP_RUNS} times unrecorded,
     * then {@value #MEASURED_RUNS} times, and take the median.
     */
    private static double medianOfRuns(final DoubleSupplier run)
    {
        for (int i = 0; i < WARMUP_RUNS; i++)
        {
            run.getAsDouble();
        }
        final double[] rates = new double[MEASURED_RUNS];
        for (int i = 0; i < MEASURED_RUNS; i++)
        {
            rates[i] = run.getAsDouble();
        }
        Arrays.sort(rates);
        return rates[MEASURED_RUNS / 2];
    }
}
