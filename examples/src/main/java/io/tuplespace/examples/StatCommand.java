package io.tuplespace.examples;

import io.aeron.Aeron;
import io.tuplespace.core.CommonConfiguration;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.concurrent.Callable;

/**
 * Prints the server's counters from the media driver's counters file, once or every second.
 */
@Command(name = "stat", description = "Show a running server's counters.")
final class StatCommand implements Callable<Integer>
{
    private static final int FIRST_TUPLESPACE_TYPE_ID = 1000;

    @Option(names = "--dir", description = "Aeron directory of the server (default: tuplespace.dir).")
    String dir;

    @Option(names = "--watch", description = "Print again every second until interrupted.")
    boolean watch;

    public Integer call() throws InterruptedException
    {
        final String aeronDir = null == dir ? CommonConfiguration.dir() : dir;
        if (!new File(aeronDir, io.aeron.CncFileDescriptor.CNC_FILE).exists())
        {
            System.err.println("no tuple space server: no media driver in " + aeronDir);
            return 2;
        }
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)))
        {
            do
            {
                print(aeron.countersReader());
                if (watch)
                {
                    Thread.sleep(1000);
                }
            }
            while (watch);
        }
        return 0;
    }

    private static void print(final CountersReader counters)
    {
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId >= FIRST_TUPLESPACE_TYPE_ID)
            {
                System.out.printf("%,20d  %s%n", counters.getCounterValue(counterId), label);
            }
        });
        System.out.println();
    }
}
