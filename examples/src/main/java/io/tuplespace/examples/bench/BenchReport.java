package io.tuplespace.examples.bench;

import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The results of one bench run and how they print: a table, then a one-line machine-readable summary, which is
 * always the last line.
 */
final class BenchReport
{
    private static final double[] PERCENTILES = { 50.0, 99.0, 99.9 };
    private static final double NS_PER_US = 1000.0;
    private static final double PYTHON_APPLY_ASYNC_PER_S = 36_700;
    private static final double PYTHON_MAP_PER_S = 2_660_000;

    /** Per round, the p50 of the worse of rd and in over the baseline's p50 of the same round. */
    private final List<Double> roundP50Ratios = new ArrayList<>();
    Histogram baselineRtt;
    Histogram relayRtt;
    Histogram rdRtt;
    Histogram inRtt;
    double baselineMessagesPerS;
    double outPerS;
    double farmPerS;
    int workers;
    Histogram callRtt;
    double callAsyncPerS;
    double mapPerS;
    int callPrefetch;

    /**
     * Add one round of the alternating round-trip measurements to the totals.
     */
    void addRound(final Histogram baseline, final Histogram rd, final Histogram in)
    {
        baselineRtt.add(baseline);
        rdRtt.add(rd);
        inRtt.add(in);
        roundP50Ratios.add(Math.max(micros(rd, 50.0), micros(in, 50.0)) / micros(baseline, 50.0));
    }

    /**
     * Print the table and the summary line.
     *
     * @param out       where to.
     * @param rttLabel  says how the round trips were taken, for the table heading.
     */
    void print(final PrintStream out, final String rttLabel)
    {
        out.println();
        out.println("round trips, " + rttLabel);
        out.printf(Locale.ROOT, "%-34s %18s %18s %18s%n", "RTT (us, ratio to baseline)", "p50", "p99", "p99.9");
        out.println(rttRow("baseline Aeron IPC ping-pong", baselineRtt, null));
        out.println(rttRow("tuple space rd (present tuple)", rdRtt, baselineRtt));
        out.println(rttRow("tuple space in (present tuple)", inRtt, baselineRtt));
        out.println(rttRow("call of echo, 1 worker JVM (*)", callRtt, baselineRtt));
        out.printf(Locale.ROOT, "p50 ratio of each round, worse of rd and in: min %.2fx, median %.2fx, max %.2fx%n",
            roundRatio(0.0), roundRatio(0.5), roundRatio(1.0));
        out.println("(*) a fifth of the samples after a fifth of the warmup, after the rounds");
        out.println();
        out.printf(Locale.ROOT, "%-34s %18s %18s %18s%n", "RTT (us, ratio to relay) (*)", "p50", "p99", "p99.9");
        out.println(rttRow("baseline Aeron IPC relay, 3 JVMs", relayRtt, null));
        out.println(rttRow("call of echo, 1 worker JVM", callRtt, relayRtt));
        out.println("(relay: ping -> hub JVM -> echo JVM -> hub -> ping, the four hops of a call through the server)");
        out.println();
        out.printf(Locale.ROOT, "%-34s %18s %18s %18s%n", "throughput (per s)", "baseline", "tuple space", "ratio");
        out.printf(Locale.ROOT, "%-34s %18s %18s %17.2fx%n", "pipelined one-way: msgs vs out",
            String.format(Locale.ROOT, "%,.0f", baselineMessagesPerS),
            String.format(Locale.ROOT, "%,.0f", outPerS), outPerS / baselineMessagesPerS);
        out.printf(Locale.ROOT, "%-34s %18s %18s %18s%n", "farm tasks, 1 producer " + workers + " workers", "-",
            String.format(Locale.ROOT, "%,.0f", farmPerS), "-");
        out.println();
        out.printf(Locale.ROOT, "%-34s %18s %18s %18s%n", "calls of echo on " + workers + " worker JVMs (per s)",
            "Python Pool", "tuple space", "ratio");
        out.printf(Locale.ROOT, "%-34s %18s %18s %17.2fx%n", "callAsync unchunked, prefetch " + callPrefetch,
            String.format(Locale.ROOT, "%,.0f", PYTHON_APPLY_ASYNC_PER_S),
            String.format(Locale.ROOT, "%,.0f", callAsyncPerS), callAsyncPerS / PYTHON_APPLY_ASYNC_PER_S);
        out.printf(Locale.ROOT, "%-34s %18s %18s %17.2fx%n", "map, default chunks",
            String.format(Locale.ROOT, "%,.0f", PYTHON_MAP_PER_S),
            String.format(Locale.ROOT, "%,.0f", mapPerS), mapPerS / PYTHON_MAP_PER_S);
        out.println("(Python: multiprocessing.Pool apply_async and map of a trivial function, measured once on this " +
            "machine, issue #6)");
        out.println();
        out.println(summary());
    }

    /**
     * Write each round-trip histogram as a percentile distribution in microseconds ({@code baseline.hgrm},
     * {@code relay.hgrm}, {@code rd.hgrm}, {@code in.hgrm}, {@code call.hgrm}).
     *
     * @param dir to write into; created if missing.
     * @return the files written.
     * @throws IOException if a file cannot be written.
     */
    List<File> writeHistograms(final File dir) throws IOException
    {
        if (!dir.isDirectory() && !dir.mkdirs())
        {
            throw new IOException("cannot create directory " + dir);
        }
        final List<File> files = List.of(new File(dir, "baseline.hgrm"), new File(dir, "relay.hgrm"),
            new File(dir, "rd.hgrm"), new File(dir, "in.hgrm"), new File(dir, "call.hgrm"));
        final List<Histogram> histograms = List.of(baselineRtt, relayRtt, rdRtt, inRtt, callRtt);
        for (int i = 0; i < files.size(); i++)
        {
            try (PrintStream file = new PrintStream(files.get(i), StandardCharsets.UTF_8))
            {
                histograms.get(i).outputPercentileDistribution(file, NS_PER_US);
            }
        }
        return files;
    }

    /**
     * @return the machine-readable summary; {@code rtt_*} ratios are of the worse of {@code rd} and {@code in},
     * {@code call_*} ratios of the call round trip, to the ping-pong or, for {@code call_relay_*}, to the relay.
     */
    String summary()
    {
        return String.format(Locale.ROOT,
            "rtt_p50_ratio=%.2f rtt_p99_ratio=%.2f rtt_p999_ratio=%.2f baseline_p50_us=%.2f rd_p50_us=%.2f " +
            "in_p50_us=%.2f out_per_s=%d farm_per_s=%d workers=%d call_p50_ratio=%.2f call_p99_ratio=%.2f " +
            "call_p50_us=%.2f relay_p50_us=%.2f call_relay_p50_ratio=%.2f call_relay_p99_ratio=%.2f " +
            "call_async_per_s=%d map_per_s=%d rounds=%d rtt_p50_ratio_round_min=%.2f rtt_p50_ratio_round_max=%.2f",
            worseRatio(PERCENTILES[0]), worseRatio(PERCENTILES[1]), worseRatio(PERCENTILES[2]),
            micros(baselineRtt, 50.0), micros(rdRtt, 50.0), micros(inRtt, 50.0),
            Math.round(outPerS), Math.round(farmPerS), workers,
            micros(callRtt, 50.0) / micros(baselineRtt, 50.0), micros(callRtt, 99.0) / micros(baselineRtt, 99.0),
            micros(callRtt, 50.0), micros(relayRtt, 50.0), micros(callRtt, 50.0) / micros(relayRtt, 50.0),
            micros(callRtt, 99.0) / micros(relayRtt, 99.0), Math.round(callAsyncPerS), Math.round(mapPerS),
            roundP50Ratios.size(), roundRatio(0.0), roundRatio(1.0));
    }

    /**
     * @param quantile 0 for the lowest, 1 for the highest.
     */
    private double roundRatio(final double quantile)
    {
        final List<Double> sorted = new ArrayList<>(roundP50Ratios);
        Collections.sort(sorted);
        return sorted.get((int)Math.round(quantile * (sorted.size() - 1)));
    }

    private double worseRatio(final double percentile)
    {
        final double baseline = micros(baselineRtt, percentile);
        return Math.max(micros(rdRtt, percentile), micros(inRtt, percentile)) / baseline;
    }

    private static String rttRow(final String label, final Histogram histogram, final Histogram baseline)
    {
        final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-34s", label));
        for (final double percentile : PERCENTILES)
        {
            final double value = micros(histogram, percentile);
            final String cell = null == baseline ?
                String.format(Locale.ROOT, "%.2f", value) :
                String.format(Locale.ROOT, "%.2f (%.2fx)", value, value / micros(baseline, percentile));
            row.append(String.format(Locale.ROOT, " %18s", cell));
        }
        return row.toString();
    }

    private static double micros(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / NS_PER_US;
    }
}
