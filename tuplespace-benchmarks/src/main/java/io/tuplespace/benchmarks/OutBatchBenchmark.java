package io.tuplespace.benchmarks;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleSpaceEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * The server's side of pipelined {@code out}: the engine's cost per tuple of a batch out, the request a client's
 * {@code outAsync} calls become. The space fills up to a million {@code ("bench", long, double)} tuples and is then
 * emptied by bulk takes, untimed, as {@code bin/tuplespace bench} does with its pipelined outs.
 * <p>
 * With {@code valueIndexed} the clearing template names {@code "bench"}, as the bench's does, so every out also
 * links its tuple into a value index on the first field (from the first clear on, during warm-up); without it the
 * template is formals only.
 * <pre>
 * mvn -q -B -pl tuplespace-benchmarks -am package -DskipTests
 * java -jar tuplespace-benchmarks/target/benchmarks.jar OutBatchBenchmark
 * </pre>
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
public class OutBatchBenchmark
{
    private static final long SESSION_ID = 2;
    private static final long NOW_MS = 0;
    private static final int BATCH_SIZE = 256;
    private static final long CLEAR_AT = 1_000_000;
    private static final int CLEAR_CHUNK = 10_000;

    /** Whether outs also maintain a value index on the first field. */
    @Param({ "false", "true" })
    public boolean valueIndexed;

    private final SampleTuples samples = new SampleTuples();
    private final EncodedMessages batchTuples = new EncodedMessages(BATCH_SIZE);
    private final EncodedBatch batch = new EncodedBatch(batchTuples);
    private final EncodedMessages clearTemplate = new EncodedMessages(1);
    private SinkListener listener;
    private TupleSpaceEngine engine;
    private long outs;
    private long taken;

    /**
     * Encode the batch and the clearing template once, so the measured code only calls the engine.
     */
    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        for (int i = 0; i < BATCH_SIZE; i++)
        {
            batchTuples.length(i, samples.encode(Tuple.of("bench", (long)i, 2.5), batchTuples.buffer,
                batchTuples.offset(i)));
        }
        final Template template = valueIndexed ?
            Template.of("bench", Formal.LONG, Formal.DOUBLE) : Template.of(Formal.STRING, Formal.LONG, Formal.DOUBLE);
        clearTemplate.length(0, samples.encode(template, clearTemplate.buffer, 0));
        listener = new SinkListener(blackhole);
        engine = new TupleSpaceEngine(listener, NOW_MS);
    }

    /**
     * Keep the space between 0 and {@value #CLEAR_AT} tuples, as the bench's clears do; untimed.
     */
    @Setup(Level.Invocation)
    public void clearWhenFull()
    {
        if (engine.storedCount() >= CLEAR_AT)
        {
            clear();
        }
    }

    /**
     * Fail the run if any batch was refused or a tuple went missing.
     */
    @TearDown(Level.Iteration)
    public void check()
    {
        if (0 != listener.errors || outs != listener.outsAccepted || taken + engine.storedCount() != outs * BATCH_SIZE)
        {
            throw new IllegalStateException("errors=" + listener.errors + " outsAccepted=" + listener.outsAccepted +
                " of " + outs + " taken=" + taken + " stored=" + engine.storedCount());
        }
    }

    private void clear()
    {
        do
        {
            final long before = engine.storedCount();
            engine.match(SESSION_ID, 0, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, CLEAR_CHUNK,
                clearTemplate.buffer, 0, clearTemplate.length(0), NOW_MS);
            taken += before - engine.storedCount();
        }
        while (engine.storedCount() > 0);
    }

    /**
     * Out one batch of {@value #BATCH_SIZE} tuples; the time reported is per tuple.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH_SIZE)
    public void outBatch()
    {
        engine.outBatch(SESSION_ID, outs++, batch, 0, 0, NOW_MS);
    }
}
