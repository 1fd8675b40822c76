package io.tuplespace.examples;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.call.Calls;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.examples.calls.CallFunctions;
import io.tuplespace.examples.calls.CallWorkerCommand;
import io.tuplespace.examples.calls.CallerCommand;
import io.tuplespace.server.TupleSpaceCounters;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls between real processes: a server JVM, call-worker JVMs and caller JVMs, killed with SIGKILL where the test
 * says so. The test process is a caller too, and watches the space and the server's counters instead of sleeping.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CallProcessTest
{
    /** A call-worker serves three functions, each with one waiting handler thread. */
    private static final int FUNCTIONS_PER_WORKER = 3;
    private static final Template ANY_CALL = Template.prefix("tuplespace.call");
    private static final Template ANY_RESULT = Template.prefix("tuplespace.result");

    private final String dir = CommonContext.generateRandomDirName();
    private final List<String> properties = List.of(
        "tuplespace.dir=" + dir, "tuplespace.term.length=64k", "tuplespace.client.liveness.timeout=1s");
    private final List<JvmProcess> processes = new ArrayList<>();
    private Aeron observer;
    private TupleSpace space;
    private Calls calls;

    @BeforeEach
    void startServer() throws InterruptedException
    {
        final JvmProcess server = start("server", "server");
        server.awaitLine(line -> line.startsWith("tuplespace server ready"), 60, TimeUnit.SECONDS);
        observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        space = TupleSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
        calls = new Calls(space).timeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stopAll()
    {
        CloseHelper.quietCloseAll(calls, space, observer);
        processes.forEach(JvmProcess::close);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void aCallWhoseWorkerIsKilledMidCallIsCompletedByAnotherAndAnsweredOnce() throws Exception
    {
        final JvmProcess doomed = startWorker(1, "--hang");
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, FUNCTIONS_PER_WORKER);

        final CompletableFuture<Long> result = calls.callAsync(CallFunctions.WORK, 7L, 0L);
        doomed.awaitLine(line -> line.equals("call-worker 1 took call 7"), 60, TimeUnit.SECONDS);
        final JvmProcess survivor = startWorker(2, "--max-calls", "1");
        survivor.awaitLine(line -> line.startsWith(CallWorkerCommand.READY), 60, TimeUnit.SECONDS);
        assertThat(result).isNotDone();

        doomed.kill();
        assertThat(doomed.awaitExit(30, TimeUnit.SECONDS)).isNotZero();

        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(2L);
        assertThat(survivor.awaitExit(30, TimeUnit.SECONDS)).isZero();
        assertThat(survivor.outputText()).contains("call-worker 2 done: calls=1");
        assertThat(space.rdp(ANY_RESULT)).as("a second result").isEmpty();
        assertThat(space.rdp(ANY_CALL)).as("a call left behind").isEmpty();
    }

    @Test
    void theCallsOfAKilledCallerExpireInsteadOfPilingUp() throws InterruptedException
    {
        final JvmProcess caller = start("call-caller", "call-caller", "--calls", "500", "--timeout-ms", "10000");
        caller.awaitLine(line -> line.startsWith(CallerCommand.SUBMITTED), 60, TimeUnit.SECONDS);
        assertThat(count(ANY_CALL)).isEqualTo(500);

        caller.kill();
        assertThat(caller.awaitExit(30, TimeUnit.SECONDS)).isNotZero();

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(ANY_CALL) > 0)
        {
            assertThat(System.nanoTime() - deadlineNs).as("calls of a dead caller still in the space").isNegative();
            Thread.sleep(50);
        }
        assertThat(counter(TupleSpaceCounters.TUPLES_STORED_TYPE_ID)).isZero();
    }

    @Test
    void theSlowerWorkerGetsFewerCalls() throws InterruptedException
    {
        startWorker(1, "--slowdown", "3");
        startWorker(2, "--slowdown", "1");
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 2 * FUNCTIONS_PER_WORKER);

        final List<CompletableFuture<Long>> results = new ArrayList<>();
        for (long i = 0; i < 150; i++)
        {
            results.add(calls.callAsync(CallFunctions.WORK, i, 10_000L));
        }
        final long[] callsByWorker = new long[3];
        for (final CompletableFuture<Long> result : results)
        {
            callsByWorker[(int)(long)result.join()]++;
        }

        // A 3x slower worker should get about a quarter of the calls: allow it up to 40%.
        assertThat(callsByWorker[1] + callsByWorker[2]).isEqualTo(150);
        assertThat(callsByWorker[1]).as("calls of the slow worker").isPositive().isLessThan(60);
        assertThat(callsByWorker[2]).as("calls of the fast worker").isGreaterThan(90);
    }

    private JvmProcess startWorker(final long id, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("call-worker", "--id", "" + id));
        command.addAll(List.of(args));
        return start("call-worker " + id, command.toArray(new String[0]));
    }

    private JvmProcess start(final String name, final String... args)
    {
        final JvmProcess process = JvmProcess.start(name, properties, line -> {}, args);
        processes.add(process);
        return process;
    }

    private long count(final Template template)
    {
        long count = 0;
        final Iterator<Tuple> tuples = space.contents(template, null);
        while (tuples.hasNext())
        {
            tuples.next();
            count++;
        }
        return count;
    }

    private long counter(final int typeId)
    {
        return TupleSpaceCounters.valueOf(observer.countersReader(), typeId);
    }

    private void awaitCounter(final int typeId, final long expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counter(typeId) != expected)
        {
            assertThat(System.nanoTime() - deadlineNs)
                .as("counter %d stuck at %d, expected %d", typeId, counter(typeId), expected)
                .isNegative();
            Thread.onSpinWait();
        }
    }
}
