package io.tuplespace.benchmarks;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
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
 * The server's share of {@code callAsync}: the engine's cost per call of the requests that carry calls from a
 * caller to a transactional worker and their results back, in the tuple shapes of the client's call API. One
 * invocation is one round of {@value #ROUND} calls:
 * <ol>
 *   <li>the caller outs the calls as one leased batch;</li>
 *   <li>the worker begins a transaction, takes {@value #ROUND} calls under it, outs their results as one leased
 *       batch under it, and commits;</li>
 *   <li>the caller takes the results.</li>
 * </ol>
 * {@code backlog} calls wait in the space throughout, and a second worker holds {@value #ROUND} of the oldest
 * under a transaction it never ends, as a busy worker's prefetch does: every take walks past them. The clock moves
 * on a millisecond per round (64,000 calls a second), and expired timeouts are polled every round as the server's
 * duty cycle does, so lease timers spread over the timer wheel as they do in a server.
 * <pre>
 * mvn -q -B -pl tuplespace-benchmarks -am package -DskipTests
 * java -jar tuplespace-benchmarks/target/benchmarks.jar CallCycleBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Xmx4g",
    "-Dagrona.disable.bounds.checks=true",
    "-Dsbe.enable.precedence.checks=false" })
@State(Scope.Thread)
public class CallCycleBenchmark
{
    private static final int ROUND = 64;
    private static final long CALLER = 1;
    private static final long WORKER = 2;
    private static final long BUSY_WORKER = 3;
    /** Long enough that the busy worker's calls outlive a run's simulated minutes. */
    private static final long LEASE_MS = 3_600_000;
    private static final long NO_LEASE = 0;
    private static final long NO_TRANSACTION = 0;
    private static final long TRANSACTION_FOREVER = -1;
    private static final int RESULT_BATCH = 4096;
    /** As the client names a caller's results: role, session id, 64 random bits. */
    private static final String REPLY_TO = "caller-1804289383-6b8b4567327b23c6";
    private static final int SLOT_LENGTH = 256;

    /** Calls waiting in the space beyond the round's. */
    @Param({ "0", "10000" })
    public int backlog;

    private final TupleCodec codec = new TupleCodec();
    private final EncodedMessages calls = new EncodedMessages(ROUND, SLOT_LENGTH);
    private final EncodedMessages results = new EncodedMessages(ROUND, SLOT_LENGTH);
    private final EncodedMessages templates = new EncodedMessages(2, SLOT_LENGTH);
    private final EncodedBatch callBatch = new EncodedBatch(calls);
    private final EncodedBatch resultBatch = new EncodedBatch(results);
    private SinkListener listener;
    private TupleSpaceEngine engine;
    private long correlationId;
    private long rounds;
    private long nowMs;

    /**
     * Encode a round's calls, results and the two templates; fill the backlog; let the busy worker take its share.
     */
    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        for (int i = 0; i < ROUND; i++)
        {
            calls.length(i, codec.encode(
                Tuple.of("tuplespace.call", "echo", REPLY_TO, (long)i, LEASE_MS, 0, (long)i), calls.buffer,
                calls.offset(i)));
            results.length(i, codec.encode(
                Tuple.of("tuplespace.result", REPLY_TO, (long)i, 0, (long)i), results.buffer, results.offset(i)));
        }
        templates.length(0, codec.encode(Template.of("tuplespace.call", "echo", Formal.STRING, Formal.LONG,
            Formal.LONG, Formal.INT, Formal.ANY), templates.buffer, templates.offset(0)));
        templates.length(1, codec.encode(Template.of("tuplespace.result", REPLY_TO, Formal.LONG, Formal.INT,
            Formal.ANY), templates.buffer, templates.offset(1)));

        listener = new SinkListener(blackhole);
        engine = new TupleSpaceEngine(listener, nowMs);
        for (int i = 0; i < (backlog + ROUND) / ROUND; i++)
        {
            engine.outBatch(CALLER, ++correlationId, callBatch, LEASE_MS, NO_TRANSACTION, ++nowMs);
        }
        final long busy = begin(BUSY_WORKER);
        take(BUSY_WORKER, 0, ROUND, busy);
        check("after setup");
    }

    /**
     * Fail the run if any request was refused or calls piled up or went missing.
     */
    @TearDown(Level.Iteration)
    public void checkIteration()
    {
        check("after iteration");
    }

    /**
     * One round of {@value #ROUND} calls, there and back; the time reported is per call.
     */
    @Benchmark
    @OperationsPerInvocation(ROUND)
    public void round()
    {
        engine.expireTimeouts(++nowMs);
        engine.outBatch(CALLER, ++correlationId, callBatch, LEASE_MS, NO_TRANSACTION, nowMs);
        final long transaction = begin(WORKER);
        take(WORKER, 0, ROUND, transaction);
        engine.outBatch(WORKER, ++correlationId, resultBatch, LEASE_MS, transaction, nowMs);
        engine.commitTransaction(WORKER, ++correlationId, transaction);
        take(CALLER, 1, RESULT_BATCH, NO_TRANSACTION);
        rounds++;
    }

    private long begin(final long session)
    {
        engine.beginTransaction(session, ++correlationId, TRANSACTION_FOREVER, nowMs);
        return listener.lastTransactionId;
    }

    private void take(final long session, final int template, final int maxTuples, final long transaction)
    {
        engine.match(session, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, maxTuples, transaction,
            templates.buffer, templates.offset(template), templates.length(template), nowMs);
    }

    private void check(final String when)
    {
        final long expected = (backlog + ROUND) / ROUND * ROUND;
        if (0 != listener.errors || 0 != listener.noMatches || engine.storedCount() != expected)
        {
            throw new IllegalStateException(when + ": errors=" + listener.errors + " (" + listener.lastError +
                ") noMatches=" + listener.noMatches + " stored=" + engine.storedCount() + ", expected " + expected +
                " after " + rounds + " rounds");
        }
    }
}
