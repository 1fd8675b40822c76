package io.tuplespace.examples.bench;

import io.tuplespace.client.ClientContext;
import io.tuplespace.core.CommonConfiguration;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.zip.DataFormatException;

/**
 * {@code bench-wakeup-peer}: the other process of {@code bench-wakeup}. For each {@link WakeUpRun} line on its
 * standard input it connects through the run's API, plays the side that takes first, and prints its wake-ups as
 * one {@value #DONE} line holding a compressed histogram. Exits at the end of its input, so it does not outlive the
 * bench.
 */
@Command(name = "bench-wakeup-peer", hidden = true, description = "The other process of bench-wakeup.")
public final class WakeUpPeerCommand implements Callable<Integer>
{
    /** Printed once the server's counters are mapped. */
    static final String READY = "bench-wakeup-peer ready";

    /** Starts the line that ends a run, followed by the histogram, Base64. */
    static final String DONE = "bench-wakeup-peer done ";

    /** Starts the line that reports a failed run. */
    static final String FAILED = "bench-wakeup-peer failed: ";

    public Integer call() throws IOException
    {
        final String dir = CommonConfiguration.dir();
        try (ServerTakeCounters counters = new ServerTakeCounters(dir))
        {
            System.out.println(READY + ": pid " + ProcessHandle.current().pid());
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while (null != (line = in.readLine()))
            {
                final WakeUpRun run = WakeUpRun.parse(line);
                try (WakeUpSpace space = WakeUpSpace.connect(
                    run.api(), new ClientContext().dir(dir).clientName("bench-wakeup-peer"), "peer", "bench"))
                {
                    final WakeUpSide side = new WakeUpSide(space, counters, false,
                        CommonConfiguration.idleStrategy(CommonConfiguration.idleStrategyName()));
                    System.out.println(DONE + encode(side.play(run)));
                }
                catch (final RuntimeException ex)
                {
                    System.out.println(FAILED + ex);
                    return 1;
                }
            }
        }
        return 0;
    }

    /**
     * @return the histogram compressed, in Base64, to travel on one line.
     */
    static String encode(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * @param text what {@link #encode(Histogram)} made.
     * @throws IllegalArgumentException if it is not a histogram.
     */
    static Histogram decode(final String text)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalArgumentException("not a histogram: " + ex.getMessage(), ex);
        }
    }
}
