package io.tuplespace.examples.bench;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Tuple;
import io.tuplespace.examples.ChildProcesses;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceServer;
import org.agrona.SystemUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bin/tuplespace bench-cpu}: what a round trip costs in CPU alone. One thread is client and server: the
 * server's agent runs through its invoker whenever the client waits, so an {@code rd} is the client's encoding, the
 * server's duty cycles and the client's decoding, with no hand-off between cores and no scheduler in it. The same
 * thread plays a raw Aeron IPC ping-pong through the server's driver, the floor under any round trip. Pinned to one
 * core ({@code taskset -c 1}) the rounds agree to a few percent; across processes (bench) the hand-offs come on top.
 */
@Command(name = "bench-cpu", mixinStandardHelpOptions = true,
    description = "CPU cost of an rd and an in, client and server on one thread, beside a raw Aeron ping-pong " +
        "played the same way.")
public final class CpuCostCommand implements Callable<Integer>
{
    private static final int IN_BATCH = 1_000;
    /** Rounds run first and not kept: the JIT needs about half a million round trips. */
    private static final int WARMUP_ROUNDS = 2;

    @Option(names = "--quick", description = "Fewer rounds: about 5 s.")
    boolean quick;

    @Option(names = "--rounds", description = "Rounds of each measurement, alternated, after " + WARMUP_ROUNDS +
        " not kept (default 10; --quick 3).")
    Integer rounds;

    @Option(names = "--ops", description = "Round trips per round and measurement, a multiple of " + IN_BATCH +
        " (default 300,000).")
    Integer ops;

    public Integer call()
    {
        final int roundsResolved = null != rounds ? rounds : quick ? 3 : 10;
        final int opsResolved = null != ops ? ops : 300_000;
        if (roundsResolved < 1 || opsResolved < IN_BATCH || 0 != opsResolved % IN_BATCH)
        {
            System.err.println("bench-cpu: --rounds must be positive, --ops a positive multiple of " + IN_BATCH);
            return 2;
        }
        System.out.printf(Locale.ROOT, "tuplespace bench-cpu: client and server on one thread, %d rounds of %,d " +
            "round trips (pin it to a core for steady figures: taskset -c 1 bin/tuplespace bench-cpu)%n",
            roundsResolved, opsResolved);

        final double[] raw = new double[roundsResolved];
        final double[] rd = new double[roundsResolved];
        final double[] in = new double[roundsResolved];
        try (ChildProcesses directories = new ChildProcesses())
        {
            final String dir = directories.directory(dir());
            directories.directory(new File(CommonConfiguration.segmentsDir(dir)));
            try (TupleSpaceServer server = TupleSpaceServer.launch(
                    new ServerContext().dir(dir).deleteDirOnStart(true).useAgentInvoker(true));
                TupleSpace space = TupleSpace.connect(new ClientContext().dir(dir)
                    .responseSpinNs(0)
                    .idleStrategySupplier(() -> new AgentRunningIdleStrategy(server.invoker())));
                SingleThreadPingPong pingPong = new SingleThreadPingPong(dir, server.context().termLength()))
            {
                for (int round = -WARMUP_ROUNDS; round < roundsResolved; round++)
                {
                    final double rawNs = pingPong.roundTrips(opsResolved);
                    final double rdNs = rdNs(space, opsResolved);
                    final double inNs = inNs(space, opsResolved);
                    System.out.printf(Locale.ROOT, "  %-9s raw ping-pong %4.0f ns, rd %4.0f ns, in %4.0f ns%n",
                        round < 0 ? "warm-up:" : "round " + (round + 1) + ":", rawNs, rdNs, inNs);
                    if (round >= 0)
                    {
                        raw[round] = rawNs;
                        rd[round] = rdNs;
                        in[round] = inNs;
                    }
                }
            }
        }
        System.out.println("bench-cpu: Aeron directory deleted");
        print(raw, rd, in, opsResolved);
        return 0;
    }

    /**
     * @return nanoseconds per {@code rd} of a tuple present all along.
     */
    private static double rdNs(final TupleSpace space, final int ops)
    {
        space.out(Tuple.of("bench", 1L, 2.5));
        final long startNs = System.nanoTime();
        for (int i = 0; i < ops; i++)
        {
            if (1L != space.rd(TupleSpaceBench.BENCH).getLong(1))
            {
                throw new IllegalStateException("rd returned another tuple");
            }
        }
        final long elapsedNs = System.nanoTime() - startNs;
        space.in(TupleSpaceBench.BENCH);
        return elapsedNs / (double)ops;
    }

    /**
     * @return nanoseconds per {@code in} of a present tuple: batches put in untimed, then taken one by one.
     */
    private static double inNs(final TupleSpace space, final int ops)
    {
        long elapsedNs = 0;
        for (long id = 0; id < ops; id += IN_BATCH)
        {
            for (int i = 0; i < IN_BATCH; i++)
            {
                space.outAsync(Tuple.of("bench", id + i, 2.5));
            }
            space.flush();
            final long startNs = System.nanoTime();
            for (int i = 0; i < IN_BATCH; i++)
            {
                if (id + i != space.in(TupleSpaceBench.BENCH).getLong(1))
                {
                    throw new IllegalStateException("in returned a tuple out of order");
                }
            }
            elapsedNs += System.nanoTime() - startNs;
        }
        return elapsedNs / (double)ops;
    }

    private static void print(final double[] raw, final double[] rd, final double[] in, final int ops)
    {
        Arrays.sort(raw);
        Arrays.sort(rd);
        Arrays.sort(in);
        System.out.println();
        System.out.println("ns per round trip, one thread         best    median   best / raw best");
        System.out.printf(Locale.ROOT, "raw Aeron IPC ping-pong          %8.0f  %8.0f%n", raw[0], median(raw));
        System.out.printf(Locale.ROOT, "tuple space rd (present tuple)   %8.0f  %8.0f   %.2fx%n",
            rd[0], median(rd), rd[0] / raw[0]);
        System.out.printf(Locale.ROOT, "tuple space in (present tuple)   %8.0f  %8.0f   %.2fx%n",
            in[0], median(in), in[0] / raw[0]);
        System.out.println();
        System.out.printf(Locale.ROOT, "cpu_raw_ns=%.0f cpu_rd_ns=%.0f cpu_in_ns=%.0f cpu_rd_ratio=%.2f " +
            "cpu_in_ratio=%.2f rounds=%d ops=%d%n",
            raw[0], rd[0], in[0], rd[0] / raw[0], in[0] / raw[0], raw.length, ops);
    }

    private static double median(final double[] sorted)
    {
        return sorted[sorted.length / 2];
    }

    /**
     * The run's Aeron directory, on /dev/shm where there is one, named as the bench's are.
     */
    private static File dir()
    {
        final File shm = new File("/dev/shm");
        final File root = SystemUtil.isLinux() && shm.isDirectory() ? shm : new File(SystemUtil.tmpDirName());
        return new File(root, "aeron-" + System.getProperty("user.name", "default") + "-bench-" +
            ProcessHandle.current().pid() + "-cpu");
    }

    /**
     * Idles by running the server's agent: the client's waits are the server's duty cycles.
     */
    private static final class AgentRunningIdleStrategy implements IdleStrategy
    {
        private final AgentInvoker invoker;

        AgentRunningIdleStrategy(final AgentInvoker invoker)
        {
            this.invoker = invoker;
        }

        public void idle(final int workCount)
        {
            invoker.invoke();
        }

        public void idle()
        {
            invoker.invoke();
        }

        public void reset()
        {
        }
    }
}
