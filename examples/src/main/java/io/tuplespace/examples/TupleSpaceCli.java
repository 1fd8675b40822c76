package io.tuplespace.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/tuplespace}: the server, the demo, the soak, and the processes they start.
 */
@Command(
    name = "tuplespace",
    mixinStandardHelpOptions = true,
    description = "A Linda tuple space over Aeron IPC.",
    subcommands = {
        ServerCommand.class, DemoCommand.class, SoakCommand.class, ProducerCommand.class, WorkerCommand.class,
        StatCommand.class,
        io.tuplespace.examples.bench.BenchCommand.class, io.tuplespace.examples.bench.PongCommand.class,
        io.tuplespace.examples.bench.FarmWorkerCommand.class, io.tuplespace.examples.bench.PlotPercentiles.class,
        io.tuplespace.examples.bench.WakeUpCommand.class, io.tuplespace.examples.bench.WakeUpPeerCommand.class,
        io.tuplespace.examples.bench.CpuCostCommand.class,
        io.tuplespace.examples.shm.SharedMemoryBenchCommand.class, io.tuplespace.examples.shm.SharedPeerCommand.class,
        io.tuplespace.examples.calls.CallWorkerCommand.class, io.tuplespace.examples.calls.CallerCommand.class })
public final class TupleSpaceCli
{
    public static void main(final String[] args)
    {
        final int exitCode = new CommandLine(new TupleSpaceCli()).execute(args);
        // System.exit would block forever if a signal has started the JVM's shutdown (the server's SIGTERM path).
        if (0 != exitCode)
        {
            System.exit(exitCode);
        }
    }
}
