package io.tuplespace.examples;

import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.examples.calls.FarmDemoCommand;
import io.tuplespace.examples.calls.UnevenDemoCommand;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The demo: a server, a producer and W workers, each in a JVM of its own, sharing work through the tuple space.
 * Prints progress while it runs and a summary at the end; exits non-zero unless every task was done exactly once.
 */
@Command(name = "demo", description = "Start a server, a producer and W worker processes; show them share work. " +
    "'demo farm' and 'demo uneven' show calls to functions on workers.",
    subcommands = { FarmDemoCommand.class, UnevenDemoCommand.class })
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--workers", defaultValue = "3", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--tasks", defaultValue = "20000", description = "Tasks (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--work-us", defaultValue = "50",
        description = "Microseconds of CPU work per task (default: ${DEFAULT-VALUE}).")
    long workMicros;

    public Integer call() throws InterruptedException
    {
        if (workers < 1 || tasks < 1 || workMicros < 0)
        {
            System.err.println("demo: --workers and --tasks must be positive and --work-us not negative");
            return 2;
        }
        // A directory of the demo's own, so it never collides with a server the user already runs.
        final String dir = CommonConfiguration.dir() + "-demo-" + ProcessHandle.current().pid();
        final List<String> properties = List.of(CommonConfiguration.DIR_PROP_NAME + "=" + dir);
        final List<JvmProcess> processes = new ArrayList<>();
        System.out.printf("tuplespace demo: 1 server, 1 producer and %d workers, each a JVM of its own; " +
            "%,d tasks of %d us of work%n", workers, tasks, workMicros);
        try
        {
            final JvmProcess server = JvmProcess.start("server", properties, line -> {}, "server");
            processes.add(server);
            System.out.println("  " + server.awaitLine(line -> line.startsWith("tuplespace server ready"),
                60, TimeUnit.SECONDS));

            for (int id = 1; id <= workers; id++)
            {
                final JvmProcess worker = JvmProcess.start(
                    "worker " + id, properties, DemoCommand::printWorkerLine, "worker", "--id", "" + id);
                processes.add(worker);
            }
            final JvmProcess producer = JvmProcess.start("producer", properties, DemoCommand::printProducerLine,
                "producer", "--tasks", "" + tasks, "--work-us", "" + workMicros, "--stop-workers", "" + workers);
            processes.add(producer);

            final int exitCode = producer.awaitExit(30, TimeUnit.MINUTES);
            for (final JvmProcess process : processes.subList(1, processes.size() - 1))
            {
                process.awaitExit(30, TimeUnit.SECONDS);
            }
            server.terminate();
            server.awaitExit(30, TimeUnit.SECONDS);
            System.out.println(0 == exitCode ?
                "demo passed: every task was done exactly once" : "demo FAILED: producer exited with " + exitCode);
            return exitCode;
        }
        finally
        {
            processes.forEach(JvmProcess::close);
            IoUtil.delete(new File(dir), true);
        }
    }

    private static void printProducerLine(final String line)
    {
        if (line.startsWith("progress "))
        {
            final String[] counts = line.substring("progress ".length()).split("/");
            final long done = Long.parseLong(counts[0]);
            final long total = Long.parseLong(counts[1]);
            System.out.printf("  progress: %,d of %,d results (%d%%)%n", done, total, 100 * done / total);
        }
        else if (line.startsWith("summary "))
        {
            System.out.println("  " + line.substring("summary ".length()));
        }
        else
        {
            System.out.println("  producer: " + line);
        }
    }

    private static void printWorkerLine(final String line)
    {
        System.out.println("  " + line);
    }
}
