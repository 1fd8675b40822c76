package io.tuplespace.benchmarks;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.core.TupleSpaceEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Cost of single engine operations against a space already holding {@code stored} sample tuples
 * (String of 8 characters, long, double; see {@link SampleTuples}), for each {@link TemplateShape}:
 * <ul>
 *   <li>{@link #outThenIn}: out a fresh tuple, then take (inp) with a template of the shape matching it. For
 *       {@link TemplateShape#FORMALS_ONLY} the take gets the oldest match, a pre-filled tuple at first. Either way
 *       the stored count stays at {@code stored}.</li>
 *   <li>{@link #rdHit}: read (rdp) a stored tuple; the actual shapes cycle over keys from the middle of the fill.</li>
 *   <li>{@link #inMiss}: take (inp) with a template of the shape that matches nothing.</li>
 * </ul>
 * Every tuple and template is encoded during setup, so the measured code only calls the engine. The fill runs once
 * per trial (10,000,000 tuples take a while and need the 12 GiB heap this sets); checks outside the measurement
 * fail the run if any operation answers unexpectedly or the stored count drifts.
 * <p>
 * Build and run from the repository root:
 * <pre>
 * mvn -q -B -pl tuplespace-benchmarks -am package -DskipTests
 * java -jar tuplespace-benchmarks/target/benchmarks.jar EngineBenchmark -p stored=1000,1000000
 * java -jar tuplespace-benchmarks/target/benchmarks.jar EngineBenchmark.rdHit -p stored=1000 -p shape=ACTUAL_FIRST
 * java -jar tuplespace-benchmarks/target/benchmarks.jar EngineBenchmark -p stored=1000 -wi 1 -i 1 -w 1s -r 1s
 * </pre>
 * The forked JVM gets {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}, {@code -Xmx12g}, and bounds and
 * SBE precedence checks off. {@code -h} lists JMH's options; {@code -rf json -rff out.json} saves results.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Xmx12g",
    "-Dagrona.disable.bounds.checks=true",
    "-Dsbe.enable.precedence.checks=false" })
@State(Scope.Thread)
public class EngineBenchmark
{
    private static final long SESSION_ID = 2;
    private static final long NOW_MS = 0;
    /** Fresh tuples and their take templates cycled over by {@link #outThenIn}; a power of two. */
    private static final int FRESH_COUNT = 1024;
    /** Stored keys cycled over by {@link #rdHit}, and missing ones by {@link #inMiss}; a power of two. */
    private static final int PROBE_COUNT = 16;

    /** Tuples stored before measuring. */
    @Param({ "1000", "100000", "1000000", "10000000" })
    public int stored;

    /** Which fields of the measured templates are actuals. */
    @Param({ "ACTUAL_FIRST", "ACTUAL_NON_FIRST", "FORMALS_ONLY" })
    public TemplateShape shape;

    private SinkListener listener;
    private TupleSpaceEngine engine;
    private EncodedMessages freshTuples;
    private EncodedMessages freshTemplates;
    private EncodedMessages hitTemplates;
    private EncodedMessages missTemplates;
    private int freshCursor;
    private int hitCursor;
    private int missCursor;

    /**
     * Fill the engine, encode everything the measured methods send, and check each operation answers as expected.
     */
    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        if (stored < PROBE_COUNT || stored > SampleTuples.MAX_INDEX + 1)
        {
            throw new IllegalArgumentException("stored must be " + PROBE_COUNT + ".." + (SampleTuples.MAX_INDEX + 1));
        }
        final SampleTuples samples = new SampleTuples();
        listener = new SinkListener(blackhole);
        engine = new TupleSpaceEngine(listener, NOW_MS);
        samples.fill(engine, stored);
        checkState("after fill");

        freshTuples = new EncodedMessages(FRESH_COUNT);
        freshTemplates = new EncodedMessages(FRESH_COUNT);
        for (int j = 0; j < FRESH_COUNT; j++)
        {
            // Values above every stored one, so an actual long selects only this fresh tuple.
            final long value = (long)stored + j;
            freshTuples.length(j, samples.encode(
                samples.tuple(SampleTuples.FRESH_PREFIX, j, value), freshTuples.buffer, freshTuples.offset(j)));
            freshTemplates.length(j, samples.encode(
                SampleTuples.matching(shape, samples.key(SampleTuples.FRESH_PREFIX, j), value),
                freshTemplates.buffer, freshTemplates.offset(j)));
        }

        hitTemplates = new EncodedMessages(PROBE_COUNT);
        missTemplates = new EncodedMessages(PROBE_COUNT);
        final int middle = stored / 2 - PROBE_COUNT / 2;
        for (int j = 0; j < PROBE_COUNT; j++)
        {
            hitTemplates.length(j, samples.encode(
                SampleTuples.matching(shape, samples.key(SampleTuples.STORED_PREFIX, middle + j), middle + j),
                hitTemplates.buffer, hitTemplates.offset(j)));
            missTemplates.length(j, samples.encode(
                SampleTuples.missing(shape, samples.key(SampleTuples.MISSING_PREFIX, j), -1L - j),
                missTemplates.buffer, missTemplates.offset(j)));
        }

        selfCheck();
    }

    /**
     * Fail the run if an operation was rejected or the stored count drifted during the iteration.
     */
    @TearDown(Level.Iteration)
    public void checkIteration()
    {
        checkState("after iteration");
    }

    /**
     * Out a fresh tuple, then take one back with a template of the shape; the stored count is unchanged.
     */
    @Benchmark
    public void outThenIn()
    {
        final int j = freshCursor++ & (FRESH_COUNT - 1);
        engine.out(SESSION_ID, j, freshTuples.buffer, freshTuples.offset(j), freshTuples.length(j));
        engine.match(
            SESSION_ID, j, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT,
            freshTemplates.buffer, freshTemplates.offset(j), freshTemplates.length(j), NOW_MS);
    }

    /**
     * Read, without waiting, a tuple that is stored.
     */
    @Benchmark
    public void rdHit()
    {
        final int j = hitCursor++ & (PROBE_COUNT - 1);
        engine.match(
            SESSION_ID, j, MatchOperation.READ, TupleSpaceEngine.NO_WAIT,
            hitTemplates.buffer, hitTemplates.offset(j), hitTemplates.length(j), NOW_MS);
    }

    /**
     * Take, without waiting, with a template that matches nothing stored.
     */
    @Benchmark
    public void inMiss()
    {
        final int j = missCursor++ & (PROBE_COUNT - 1);
        engine.match(
            SESSION_ID, j, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT,
            missTemplates.buffer, missTemplates.offset(j), missTemplates.length(j), NOW_MS);
    }

    private void selfCheck()
    {
        for (int j = 0; j < PROBE_COUNT; j++)
        {
            final long outs = listener.outsAccepted;
            final long tuples = listener.tuplesDelivered;
            final long noMatches = listener.noMatches;
            outThenIn();
            expect(outs + 1 == listener.outsAccepted && tuples + 1 == listener.tuplesDelivered, "outThenIn", j);
            rdHit();
            expect(tuples + 2 == listener.tuplesDelivered, "rdHit", j);
            inMiss();
            expect(noMatches + 1 == listener.noMatches && tuples + 2 == listener.tuplesDelivered, "inMiss", j);
            checkState("self-check");
        }
        freshCursor = 0;
        hitCursor = 0;
        missCursor = 0;
    }

    private void expect(final boolean condition, final String benchmark, final int probe)
    {
        if (!condition)
        {
            throw new IllegalStateException(benchmark + " answered unexpectedly for shape " + shape + ", probe " +
                probe + ": outs=" + listener.outsAccepted + " tuples=" + listener.tuplesDelivered +
                " noMatches=" + listener.noMatches);
        }
    }

    private void checkState(final String when)
    {
        if (0 != listener.errors)
        {
            throw new IllegalStateException(when + ": " + listener.errors + " errors, last " + listener.lastError);
        }
        if (engine.storedCount() != stored)
        {
            throw new IllegalStateException(when + ": stored " + engine.storedCount() + ", expected " + stored);
        }
    }
}
