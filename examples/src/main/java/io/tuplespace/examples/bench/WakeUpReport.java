package io.tuplespace.examples.bench;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The results of one {@code bench-wakeup} run and how they print: a table, notes on what was measured, then a
 * one-line machine-readable summary, which is always the last line.
 */
final class WakeUpReport
{
    private static final double NS_PER_US = 1000.0;

    /** JavaSpace05 take, written as soon as the take was seen waiting. */
    Histogram jsJustBlocked;
    /** JavaSpace05 take, written once the take had waited {@link #parkedMs}. */
    Histogram jsParked;
    Histogram nativeJustBlocked;
    Histogram nativeParked;
    long parkedMs;
    /** Take requests the server counted over the run; each measured one waited for its write. */
    long takesChecked;

    void print(final PrintStream out)
    {
        out.println();
        out.println("wake-up of a blocked take: from the write call (stamped with System.nanoTime) to the return of " +
            "the take");
        out.println("waiting for it in the other process; both directions (bench JVM -> peer JVM and back), the " +
            "server in the bench JVM");
        out.printf(Locale.ROOT, "%-36s %10s %10s %10s %10s %10s%n", "wake-up (us)", "samples", "p50", "p90", "p99",
            "max");
        out.println(row("JavaSpace05 take, waited ~0 ms", jsJustBlocked));
        out.println(row("JavaSpace05 take, waited " + parkedMs + " ms", jsParked));
        out.println(row("native in, waited ~0 ms", nativeJustBlocked));
        out.println(row("native in, waited " + parkedMs + " ms", nativeParked));
        out.println("~0 ms: the write goes as soon as the server has counted the take; the taking thread is still " +
            "spinning or yielding.");
        out.println(parkedMs + " ms: the take waits that long first, as a worker waiting for work does; by then an " +
            "idle strategy that backs off has parked the taking thread and the server's (backoff: up to 1 ms).");
        out.printf(Locale.ROOT, "blocked: each write was sent only once the server had counted the take it wakes, " +
            "which it queues before it reads the write; the server counted exactly the protocol's %,d takes.%n",
            takesChecked);
        out.println();
        out.println(summary());
    }

    /**
     * @return the machine-readable summary: p50 and p99 of each measurement in microseconds, and the sample counts.
     */
    String summary()
    {
        return String.format(Locale.ROOT,
            "wakeup_js_p50_us=%.2f wakeup_js_p99_us=%.2f wakeup_js_parked_p50_us=%.2f wakeup_js_parked_p99_us=%.2f " +
            "wakeup_native_p50_us=%.2f wakeup_native_p99_us=%.2f wakeup_native_parked_p50_us=%.2f " +
            "wakeup_native_parked_p99_us=%.2f samples=%d parked_samples=%d parked_ms=%d",
            micros(jsJustBlocked, 50.0), micros(jsJustBlocked, 99.0), micros(jsParked, 50.0), micros(jsParked, 99.0),
            micros(nativeJustBlocked, 50.0), micros(nativeJustBlocked, 99.0),
            micros(nativeParked, 50.0), micros(nativeParked, 99.0),
            jsJustBlocked.getTotalCount(), jsParked.getTotalCount(), parkedMs);
    }

    private static String row(final String label, final Histogram histogram)
    {
        return String.format(Locale.ROOT, "%-36s %10s %10.2f %10.2f %10.2f %10.2f", label,
            String.format(Locale.ROOT, "%,d", histogram.getTotalCount()), micros(histogram, 50.0),
            micros(histogram, 90.0), micros(histogram, 99.0), histogram.getMaxValue() / NS_PER_US);
    }

    private static double micros(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / NS_PER_US;
    }
}
