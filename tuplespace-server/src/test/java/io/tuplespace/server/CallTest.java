package io.tuplespace.server;

import io.tuplespace.client.LimitExceededException;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.call.CallTimeoutException;
import io.tuplespace.client.call.Calls;
import io.tuplespace.client.call.PayloadCarrier;
import io.tuplespace.client.call.RemoteCallException;
import io.tuplespace.client.call.Worker;
import io.tuplespace.core.Template;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The call API's semantics through a real server in this JVM: a caller client and a worker client, each with its
 * own connection, as in two processes. Killed processes are tested in the examples' {@code CallProcessTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallTest
{
    private static final Template ANY_CALL = Template.prefix("tuplespace.call");

    record Point(long x, long y)
    {
    }

    private final ServerFixture fixture = new ServerFixture();
    private final TupleSpace callerSpace = fixture.connect();
    private final TupleSpace workerSpace = fixture.connect();
    // Generous: a loaded machine (other builds on 2 cores) can slow a worker round to tens of milliseconds.
    private final Calls calls = new Calls(callerSpace).timeout(Duration.ofSeconds(40));
    private final List<Worker> workers = new ArrayList<>();

    @AfterEach
    void close()
    {
        workers.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(calls);
        fixture.close();
    }

    @Test
    void callReturnsTheHandlersResult()
    {
        start(new Worker(workerSpace).serve("add", args -> (Long)args[0] + (Long)args[1]));

        final long sum = calls.call("add", 40L, 2L);

        assertThat(sum).isEqualTo(42L);
    }

    @Test
    void argumentsAndResultsOfEveryKindTravelIntact()
    {
        start(new Worker(workerSpace).serve("echo", args -> args));
        final Object[] sent = {
            true, 7, 8L, 2.5, "text é", new byte[] { 1, 2 }, null, new int[] { 1, -2 }, new long[] { 3L },
            new double[] { 0.5 }, new boolean[] { true, false }, new String[] { "a", null }, new Point(1, 2),
            new Point[] { new Point(3, 4) }, new ArrayList<>(List.of("list")), Map.of("k", 1) };

        final Object[] received = calls.call("echo", sent);

        assertThat(received).isInstanceOf(Object[].class);
        assertThat(Arrays.deepEquals(received, sent)).as(Arrays.deepToString(received)).isTrue();
    }

    @Test
    void aHandlersExceptionReachesTheCallerWithItsTypeMessageAndStack()
    {
        start(new Worker(workerSpace).serve("fail", args ->
        {
            throw new IllegalStateException("bad input " + args[0]);
        }));

        assertThatThrownBy(() -> calls.call("fail", 3L))
            .isInstanceOfSatisfying(RemoteCallException.class, ex ->
            {
                assertThat(ex.remoteType()).isEqualTo(IllegalStateException.class.getName());
                assertThat(ex.remoteMessage()).isEqualTo("bad input 3");
                assertThat(ex.remoteStackTrace()).contains("CallTest").contains("bad input 3");
                assertThat(ex.getMessage()).contains("'fail'").contains("bad input 3");
            });
        assertThat(calls.<Long>callAsync("fail", 4L)).failsWithin(Duration.ofSeconds(20))
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(RemoteCallException.class);
    }

    @Test
    void callAsyncCompletesEveryFutureWithItsOwnResult()
    {
        start(new Worker(workerSpace).serve("square", args -> (Long)args[0] * (Long)args[0]).threads(2).prefetch(16));
        final List<CompletableFuture<Long>> futures = new ArrayList<>();

        for (long i = 0; i < 5_000; i++)
        {
            futures.add(calls.callAsync("square", i));
        }

        for (int i = 0; i < futures.size(); i++)
        {
            assertThat(futures.get(i).join()).isEqualTo((long)i * i);
        }
    }

    @Test
    void mapReturnsResultsInInputOrderForEveryChunkSize()
    {
        start(new Worker(workerSpace).serve("negate", args -> -(Long)args[0]).threads(3));
        final List<Long> inputs = LongStream.range(0, 10_001).boxed().collect(Collectors.toList());
        final List<Long> expected = inputs.stream().map(i -> -i).collect(Collectors.toList());

        assertThat(calls.<Long>map("negate", inputs)).isEqualTo(expected);
        assertThat(calls.<Long>map("negate", inputs, 1_000_000)).isEqualTo(expected);
        assertThat(calls.<Long>map("negate", inputs.subList(0, 100), 1)).isEqualTo(expected.subList(0, 100));
        assertThat(calls.<Long>map("negate", inputs.subList(0, 1_000), 7)).isEqualTo(expected.subList(0, 1_000));
        assertThat(calls.<Long>map("negate", List.of())).isEmpty();
    }

    @Test
    void mapCutsChunksThatWouldNotFitATuple()
    {
        start(new Worker(workerSpace).serve("length", args -> ((String)args[0]).length()));
        final List<String> inputs = IntStream.range(0, 200).mapToObj(i -> "x".repeat(500 + i))
            .collect(Collectors.toList());

        final List<Integer> lengths = calls.map("length", inputs, 1_000);

        assertThat(lengths).isEqualTo(IntStream.range(0, 200).mapToObj(i -> 500 + i).collect(Collectors.toList()));
    }

    @Test
    void mapFailsWithTheFirstRemoteError()
    {
        start(new Worker(workerSpace).serve("inverse", args -> 100 / (Integer)args[0]));

        assertThatThrownBy(() -> calls.map("inverse", List.of(5, 4, 0, 2), 1))
            .isInstanceOf(RemoteCallException.class)
            .hasMessageContaining(ArithmeticException.class.getName());
    }

    @Test
    void aWorkerTakesOnlyCallsOfFunctionsItServes()
    {
        final Worker worker = start(new Worker(workerSpace).serve("served", args -> "yes"));
        calls.timeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> calls.call("unserved", 1L)).isInstanceOf(CallTimeoutException.class)
            .hasMessageContaining("'unserved'");
        assertThat(calls.<String>call("served")).isEqualTo("yes");
        assertThat(worker.callsHandled()).isEqualTo(1);
    }

    @Test
    void aCallNobodyTakesExpiresWithItsTimeout()
    {
        calls.timeout(Duration.ofMillis(200));

        final CompletableFuture<Object> future = calls.callAsync("nobody", 1L);

        assertThat(future).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(CallTimeoutException.class);
        awaitNoCallTuples();
    }

    @Test
    void aClosedWorkerWithdrawsItsWaitingRequestsAndRegistration()
    {
        final Worker worker = start(new Worker(workerSpace).serve("f", args -> 1).threads(3));
        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 3);
        assertThat(calls.workerThreads("f")).isEqualTo(3);

        worker.close();

        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 0);
        assertThat(calls.workerThreads("f")).isZero();
        assertThat(workerSpace.isClosed()).isFalse();
    }

    @Test
    void callsFromManyThreadsEachGetTheirOwnResult() throws Exception
    {
        start(new Worker(workerSpace).serve("id", args -> args[0]).threads(2));
        final List<CompletableFuture<List<Long>>> threads = new ArrayList<>();

        for (long t = 0; t < 4; t++)
        {
            final long base = t * 1000;
            threads.add(CompletableFuture.supplyAsync(() -> LongStream.range(base, base + 200)
                .mapToObj(i -> calls.<Long>call("id", i)).collect(Collectors.toList())));
        }

        for (int t = 0; t < 4; t++)
        {
            assertThat(threads.get(t).get(30, TimeUnit.SECONDS))
                .isEqualTo(LongStream.range(t * 1000L, t * 1000L + 200).boxed().collect(Collectors.toList()));
        }
    }

    @Test
    void argumentsAndResultsTooLargeForAMessageTravelThroughSharedMemory()
    {
        start(new Worker(workerSpace).serve("reverse", args ->
        {
            final byte[] bytes = (byte[])args[0];
            final byte[] reversed = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++)
            {
                reversed[i] = bytes[bytes.length - 1 - i];
            }
            return reversed;
        }));
        final byte[] argument = new byte[4 * 1024 * 1024];
        for (int i = 0; i < argument.length; i++)
        {
            argument[i] = (byte)(i * 31);
        }

        final byte[] result = calls.call("reverse", (Object)argument);

        assertThat(result).hasSize(argument.length);
        assertThat(result[0]).isEqualTo(argument[argument.length - 1]);
        assertThat(result[argument.length - 1]).isEqualTo(argument[0]);
        assertThat(result[12345]).isEqualTo(argument[argument.length - 1 - 12345]);
        assertThat(callerSpace.rdp(ANY_CALL)).isEmpty();
    }

    @Test
    void argumentsTooLargeForAMessageAreRejectedAtOnceWithoutSharedMemory()
    {
        final Calls inlineCalls = new Calls(fixture.connect(fixture.clientContext().segmentThreshold(0)));

        assertThatThrownBy(() -> inlineCalls.call("f", new byte[ServerFixture.TERM_LENGTH]))
            .isInstanceOf(LimitExceededException.class);
        assertThat(callerSpace.rdp(ANY_CALL)).isEmpty();
    }

    @Test
    void aPayloadCarrierDecidesWhatThePayloadFieldHolds()
    {
        final ReferenceCarrier carrier = new ReferenceCarrier();
        start(new Worker(workerSpace, carrier)
            .serve("concat", args -> args[0] + "+" + args[1])
            .serve("upper", args -> ((String)args[0]).toUpperCase()));
        try (Calls referencing = new Calls(callerSpace, carrier).timeout(Duration.ofSeconds(20)))
        {
            assertThat(referencing.<String>call("concat", "a", "b")).isEqualTo("a+b");
            assertThat(referencing.<String>map("upper", List.of("x", "y"), 1)).containsExactly("X", "Y");
        }

        // Arguments and result of the call, two chunks and their two results: all by reference, all released.
        assertThat(carrier.written.get()).isEqualTo(6);
        assertThat(carrier.payloads).isEmpty();
    }

    @Test
    void pythonsChunkRuleDividesByFourTimesTheWorkers()
    {
        assertThat(Calls.defaultChunkSize(1_000_000, 2)).isEqualTo(125_000);
        assertThat(Calls.defaultChunkSize(10, 2)).isEqualTo(2);
        assertThat(Calls.defaultChunkSize(0, 0)).isEqualTo(1);
        assertThat(Calls.defaultChunkSize(9, 0)).isEqualTo(3);
    }

    /**
     * Keeps payloads out of the tuples, as a shared-memory carrier would: the field holds a key.
     */
    private static final class ReferenceCarrier implements PayloadCarrier
    {
        final Map<String, byte[]> payloads = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger written = new AtomicInteger();

        public Object toField(final byte[] payload)
        {
            final String key = "ref-" + written.incrementAndGet();
            payloads.put(key, payload);
            return key;
        }

        public byte[] fromField(final Object field)
        {
            return payloads.get((String)field);
        }

        public void consumed(final Object field)
        {
            payloads.remove((String)field);
        }
    }

    private Worker start(final Worker worker)
    {
        workers.add(worker);
        return worker.start();
    }

    private void awaitNoCallTuples()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (callerSpace.rdp(ANY_CALL).isPresent())
        {
            assertThat(System.nanoTime() - deadlineNs).as("a call tuple outlived its lease").isNegative();
            Thread.onSpinWait();
        }
    }
}
