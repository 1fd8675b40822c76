package io.tuplespace.examples;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes: a server JVM with its embedded media driver, and producer and worker JVMs, each test in an
 * Aeron directory of its own. The test process is a client too, and watches the server's counters to know when
 * a worker is blocked or gone, instead of sleeping.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrossProcessTest
{
    private static final Pattern WORKER_DONE = Pattern.compile("worker \\d+ done: tasks=(\\d+)");

    private final String dir = CommonContext.generateRandomDirName();
    private final List<String> properties = List.of(
        "tuplespace.dir=" + dir, "tuplespace.term.length=64k", "tuplespace.client.liveness.timeout=1s");
    private final List<JvmProcess> processes = new ArrayList<>();
    private JvmProcess server;
    private Aeron observer;
    private TupleSpace space;

    @BeforeEach
    void startServer() throws InterruptedException
    {
        server = start("server", "server");
        server.awaitLine(line -> line.startsWith("tuplespace server ready"), 60, TimeUnit.SECONDS);
        observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        space = TupleSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
    }

    @AfterEach
    void stopAll()
    {
        CloseHelper.quietCloseAll(space, observer);
        processes.forEach(JvmProcess::close);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void producerAndTwoWorkersDoEveryTaskExactlyOnce() throws InterruptedException
    {
        final JvmProcess worker1 = start("worker 1", "worker", "--id", "1");
        final JvmProcess worker2 = start("worker 2", "worker", "--id", "2");
        final JvmProcess producer = start(
            "producer", "producer", "--tasks", "3000", "--work-us", "10", "--stop-workers", "2");

        assertThat(producer.awaitExit(120, TimeUnit.SECONDS)).as(producer.outputText()).isZero();
        assertThat(producer.outputText()).contains("summary exactly_once=OK missing=0 duplicates=0");
        assertThat(worker1.awaitExit(30, TimeUnit.SECONDS)).isZero();
        assertThat(worker2.awaitExit(30, TimeUnit.SECONDS)).isZero();
        assertThat(tasksDone(worker1) + tasksDone(worker2)).isEqualTo(3000);
        assertThat(space.inp(FarmProtocol.ANY_TASK)).isEmpty();
        assertThat(space.inp(FarmProtocol.ANY_RESULT)).isEmpty();
    }

    @Test
    void blockedInIsWokenByALaterOutFromAnotherProcess() throws InterruptedException
    {
        final JvmProcess worker = start("worker 7", "worker", "--id", "7", "--max-tasks", "1");
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);

        space.out(FarmProtocol.task(42, 0));

        final Optional<Tuple> result = space.in(FarmProtocol.ANY_RESULT, Duration.ofSeconds(30));
        assertThat(result).isPresent();
        assertThat(result.get().getLong(1)).isEqualTo(42L);
        assertThat(result.get().getLong(2)).isEqualTo(7L);
        assertThat(worker.awaitExit(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void inpOnAnEmptySpaceReturnsAtOnceAndATimedInTimesOut()
    {
        final Template anything = Template.of(Formal.ANY);

        assertThat(space.inp(anything)).isEmpty();
        assertThat(space.rdp(anything)).isEmpty();
        assertThat(space.in(anything, Duration.ofMillis(200))).isEmpty();
        assertThat(counter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID)).isZero();
    }

    @Test
    void workerKilledWhileBlockedInInDoesNotSwallowTheNextTuple() throws InterruptedException
    {
        final long clientsBefore = counter(TupleSpaceCounters.CLIENTS_CONNECTED_TYPE_ID);
        final JvmProcess doomed = start("worker 1", "worker", "--id", "1", "--max-tasks", "1");
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);

        doomed.kill();
        assertThat(doomed.awaitExit(30, TimeUnit.SECONDS)).isNotZero();
        awaitCounter(TupleSpaceCounters.CLIENTS_CONNECTED_TYPE_ID, clientsBefore);
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 0);

        final JvmProcess survivor = start("worker 2", "worker", "--id", "2", "--max-tasks", "1");
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);
        space.out(FarmProtocol.task(5, 0));

        final Optional<Tuple> result = space.in(FarmProtocol.ANY_RESULT, Duration.ofSeconds(30));
        assertThat(result).isPresent();
        assertThat(result.get().getLong(1)).isEqualTo(5L);
        assertThat(result.get().getLong(2)).isEqualTo(2L);
        assertThat(survivor.awaitExit(30, TimeUnit.SECONDS)).isZero();
        assertThat(counter(TupleSpaceCounters.UNDELIVERABLE_TYPE_ID)).isZero();
    }

    @Test
    void aTaskTakenUnderATransactionComesBackWhenItsWorkerIsKilled() throws InterruptedException
    {
        final JvmProcess doomed = start("worker 1", "worker", "--id", "1", "--transactional");
        space.out(FarmProtocol.task(9, TimeUnit.MINUTES.toNanos(10)));
        doomed.awaitLine(line -> line.equals("worker 1 took task 9"), 60, TimeUnit.SECONDS);
        assertThat(space.rdp(FarmProtocol.ANY_TASK)).isEmpty();

        doomed.kill();
        assertThat(doomed.awaitExit(30, TimeUnit.SECONDS)).isNotZero();

        final Optional<Tuple> task = space.in(FarmProtocol.ANY_TASK, Duration.ofSeconds(30));
        assertThat(task).contains(FarmProtocol.task(9, TimeUnit.MINUTES.toNanos(10)));
        assertThat(space.rdp(FarmProtocol.ANY_RESULT)).isEmpty();
    }

    @Test
    void aWorkerInAnotherProcessWakesOnAnAbortThatRestoresATaskAndOnACommitThatPublishesOne()
        throws InterruptedException
    {
        space.out(FarmProtocol.task(1, 0));
        final Transaction taking = space.begin(Duration.ofSeconds(60));
        assertThat(space.in(FarmProtocol.ANY_TASK, Duration.ZERO, taking)).isPresent();
        final JvmProcess worker = start("worker 3", "worker", "--id", "3", "--max-tasks", "2");
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);

        taking.abort();
        final Optional<Tuple> first = space.in(FarmProtocol.ANY_RESULT, Duration.ofSeconds(30));
        assertThat(first).isPresent();
        assertThat(first.get().getLong(1)).isEqualTo(1L);

        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);
        final Transaction writing = space.begin(Duration.ofSeconds(60));
        space.out(FarmProtocol.task(2, 0), writing);
        writing.commit();
        final Optional<Tuple> second = space.in(FarmProtocol.ANY_RESULT, Duration.ofSeconds(30));
        assertThat(second).isPresent();
        assertThat(second.get().getLong(1)).isEqualTo(2L);
        assertThat(worker.awaitExit(30, TimeUnit.SECONDS)).isZero();
    }

    private JvmProcess start(final String name, final String... args)
    {
        final JvmProcess process = JvmProcess.start(name, properties, line -> {}, args);
        processes.add(process);
        return process;
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

    private static long tasksDone(final JvmProcess worker)
    {
        final Matcher matcher = WORKER_DONE.matcher(worker.outputText());
        assertThat(matcher.find()).as(worker.outputText()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
