package io.tuplespace.server;

import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.LimitExceededException;
import io.tuplespace.client.ServerNotRunningException;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.TupleSpaceClosedException;
import io.tuplespace.client.TupleSpaceInterruptedException;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real server with its embedded driver and real clients in one JVM, each test in an Aeron directory of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientServerTest
{
    private static final Template TASK = Template.of("task", Formal.LONG);

    private final String dir = CommonContext.generateRandomDirName();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ExecutorService executor;
    private TupleSpaceServer server;

    @BeforeEach
    void startServer()
    {
        server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true).termLength(64 * 1024));
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopAll()
    {
        executor.shutdownNow();
        closeables.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(server);
        IoUtil.delete(new File(dir), true);
    }

    private TupleSpace connect()
    {
        return connect(new ClientContext());
    }

    private TupleSpace connect(final ClientContext ctx)
    {
        final TupleSpace space = TupleSpace.connect(ctx.dir(dir).termLength(64 * 1024));
        closeables.add(space);
        return space;
    }

    /**
     * A client that never moves bytes to shared memory, so the message size limit applies (see SharedMemoryTest).
     */
    private TupleSpace connectInlineOnly()
    {
        return connect(new ClientContext().segmentThreshold(0));
    }

    @Test
    void outThenInReturnsTheTupleOnce()
    {
        final TupleSpace space = connect();
        space.out(Tuple.of("task", 1L));

        assertThat(space.in(TASK)).isEqualTo(Tuple.of("task", 1L));
        assertThat(space.inp(TASK)).isEmpty();
    }

    @Test
    void rdLeavesTheTupleAndReturnsTheOldest()
    {
        final TupleSpace space = connect();
        space.out(Tuple.of("task", 1L));
        space.out(Tuple.of("task", 2L));

        assertThat(space.rd(TASK)).isEqualTo(Tuple.of("task", 1L));
        assertThat(space.rdp(TASK)).contains(Tuple.of("task", 1L));
        assertThat(space.inp(TASK)).contains(Tuple.of("task", 1L));
        assertThat(space.inp(TASK)).contains(Tuple.of("task", 2L));
    }

    @Test
    void everyFieldTypeCrossesTheWire()
    {
        final TupleSpace space = connect();
        final Tuple tuple = Tuple.of(true, 7, 8L, 2.5, "héllo", new byte[]{ 1, 2, 3 }, "", new byte[0]);
        space.out(tuple);

        assertThat(space.inp(Template.of(Formal.BOOLEAN, 7, Formal.LONG, 2.5, "héllo", new byte[]{ 1, 2, 3 },
            Formal.ANY, Formal.BYTES))).contains(tuple);
    }

    @Test
    void blockedInIsWokenByAnOutFromAnotherClient() throws Exception
    {
        final TupleSpace worker = connect();
        final TupleSpace producer = connect();
        final Future<Tuple> taken = executor.submit(() -> worker.in(TASK));
        awaitWaitingRequests(1);

        producer.out(Tuple.of("task", 9L));

        assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo(Tuple.of("task", 9L));
        assertThat(producer.inp(TASK)).isEmpty();
    }

    @Test
    void threadsOfOneClientBlockInInAtOnce() throws Exception
    {
        final TupleSpace space = connect();
        final List<Future<Tuple>> takers = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            takers.add(executor.submit(() -> space.in(TASK)));
        }
        awaitWaitingRequests(4);

        final TupleSpace producer = connect();
        for (long i = 0; i < 4; i++)
        {
            producer.out(Tuple.of("task", i));
        }

        final List<Long> ids = new ArrayList<>();
        for (final Future<Tuple> taker : takers)
        {
            ids.add(taker.get(10, TimeUnit.SECONDS).getLong(1));
        }
        assertThat(ids).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
    }

    @Test
    void timedInTimesOutEmptyAndInpReturnsAtOnce()
    {
        final TupleSpace space = connect();

        assertThat(space.in(TASK, Duration.ofMillis(50))).isEmpty();
        assertThat(space.rd(TASK, Duration.ofMillis(50))).isEmpty();
        assertThat(space.inp(TASK)).isEmpty();
        assertThat(server.aeron().countersReader()).isNotNull();
    }

    @Test
    void interruptedInIsCancelledWithoutLosingTuples() throws Exception
    {
        final TupleSpace space = connect();
        final Future<Optional<Tuple>> waiter = executor.submit(() ->
        {
            try
            {
                return Optional.of(space.in(TASK));
            }
            catch (final TupleSpaceInterruptedException ex)
            {
                return Optional.empty();
            }
        });
        awaitWaitingRequests(1);
        waiter.cancel(true);
        awaitWaitingRequests(0);

        space.out(Tuple.of("task", 5L));
        assertThat(space.inp(TASK)).contains(Tuple.of("task", 5L));
    }

    @Test
    void closingTheClientDropsItsWaitingRequests() throws Exception
    {
        final TupleSpace worker = connect();
        final Future<Tuple> taken = executor.submit(() -> worker.in(TASK));
        awaitWaitingRequests(1);

        worker.close();

        assertThatThrownBy(() -> taken.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TupleSpaceClosedException.class);
        awaitWaitingRequests(0);
        final TupleSpace producer = connect();
        producer.out(Tuple.of("task", 3L));
        assertThat(producer.inp(TASK)).contains(Tuple.of("task", 3L));
    }

    @Test
    void tooLargeTupleIsRejectedWithItsSizeAndNothingIsStored()
    {
        final TupleSpace space = connectInlineOnly();

        assertThatThrownBy(() -> space.out(Tuple.of("big", new byte[64 * 1024])))
            .isInstanceOf(LimitExceededException.class)
            .hasMessageContaining("tuple bytes limit of " + space.maxTupleLength() + " exceeded")
            .hasMessageContaining("tuple has " + TupleCodec.encodedLength(Tuple.of("big", new byte[64 * 1024])));
        assertThat(space.inp(Template.of("big", Formal.BYTES))).isEmpty();
    }

    @Test
    void pipelinedOutsArriveInOrderAndBulkInTakesTheOldestFirst()
    {
        final TupleSpace space = connect();
        for (long i = 0; i < 5000; i++)
        {
            space.outAsync(Tuple.of("task", i));
        }
        space.flush();

        final List<Long> taken = new ArrayList<>();
        List<Tuple> batch;
        while (!(batch = space.inAll(TASK, 700, Duration.ZERO)).isEmpty())
        {
            assertThat(batch.size()).isLessThanOrEqualTo(700);
            batch.forEach(tuple -> taken.add(tuple.getLong(1)));
        }
        final List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 5000; i++)
        {
            expected.add(i);
        }
        assertThat(taken).isEqualTo(expected);
    }

    @Test
    void theLargestAcceptedTupleTravelsAloneAndInABatch()
    {
        final TupleSpace space = connectInlineOnly();
        final int framing = TupleCodec.encodedLength(Tuple.of("big", new byte[0]));
        final Tuple largest = Tuple.of("big", new byte[space.maxTupleLength() - framing]);
        assertThat(TupleCodec.encodedLength(largest)).isEqualTo(space.maxTupleLength());
        assertThatThrownBy(() -> space.out(Tuple.of("big", new byte[space.maxTupleLength() - framing + 1])))
            .isInstanceOf(LimitExceededException.class);

        space.out(largest);
        space.outAsync(largest);
        space.outAsync(largest);
        space.flush();

        assertThat(space.inAll(Template.of("big", Formal.BYTES), 10, Duration.ZERO)).hasSize(1);
        assertThat(space.inAll(Template.of("big", Formal.BYTES), 10, Duration.ZERO)).hasSize(1);
        assertThat(space.inp(Template.of("big", Formal.BYTES))).contains(largest);
    }

    @Test
    void contentsWalksEveryMatchOldestFirstWithoutRemovingAny()
    {
        final TupleSpace space = connect();
        final List<Tuple> written = new ArrayList<>();
        for (long i = 0; i < 1000; i++)
        {
            written.add(Tuple.of("task", i));
        }
        space.outAll(written);
        space.out(Tuple.of("other", 1L));

        final List<Tuple> walked = new ArrayList<>();
        space.contents(TASK, null).forEachRemaining(walked::add);

        assertThat(walked).isEqualTo(written);
        int taken = 0;
        for (List<Tuple> batch; !(batch = space.inAll(TASK, 2000, Duration.ZERO)).isEmpty(); )
        {
            taken += batch.size();
        }
        assertThat(taken).isEqualTo(1000);
        assertThat(space.contents(TASK, null).hasNext()).isFalse();
    }

    @Test
    void contentsOfSeveralTemplatesWalksEachInTurnAndReturnsATupleMatchingSeveralOnce()
    {
        final TupleSpace space = connect();
        final List<Tuple> tasks = new ArrayList<>();
        for (long i = 0; i < 600; i++)
        {
            tasks.add(Tuple.of("task", i));
        }
        space.out(Tuple.of("job", "first"));
        space.outAll(tasks);
        space.out(Tuple.of("job", "second"));
        space.out(Tuple.of("other", 1L));
        final Template anyPair = Template.of(Formal.STRING, Formal.LONG);

        final List<Tuple> walked = new ArrayList<>();
        space.contents(List.of(TASK, Template.of("job", Formal.STRING), anyPair), null)
            .forEachRemaining(walked::add);

        final List<Tuple> expected = new ArrayList<>(tasks);
        expected.add(Tuple.of("job", "first"));
        expected.add(Tuple.of("job", "second"));
        expected.add(Tuple.of("other", 1L));
        assertThat(walked).isEqualTo(expected);
        assertThat(space.rdp(TASK)).contains(Tuple.of("task", 0L));
        assertThatThrownBy(() -> space.contents(List.of(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least one template");
    }

    @Test
    void queuedOutsReachTheSpaceBeforeTheClientsNextRequest()
    {
        final TupleSpace space = connect();
        space.outAsync(Tuple.of("task", 1L));

        assertThat(space.inp(TASK)).contains(Tuple.of("task", 1L));
    }

    @Test
    void bulkInWaitsForTheFirstMatchAndTimesOutEmpty() throws Exception
    {
        final TupleSpace space = connect();
        assertThat(space.inAll(TASK, 10, Duration.ofMillis(20))).isEmpty();

        final Future<List<Tuple>> waiting = executor.submit(() -> space.inAll(TASK, 10, Duration.ofSeconds(20)));
        awaitWaitingRequests(1);
        connect().out(Tuple.of("task", 4L));

        assertThat(waiting.get(10, TimeUnit.SECONDS)).containsExactly(Tuple.of("task", 4L));
    }

    @Test
    void connectWithoutServerNamesTheDirectory()
    {
        final String missing = dir + "-missing";

        assertThatThrownBy(() -> TupleSpace.connect(new ClientContext().dir(missing)))
            .isInstanceOf(ServerNotRunningException.class)
            .hasMessageContaining(missing);
    }

    @Test
    void clientFailsWhenServerStops() throws Exception
    {
        final TupleSpace space = connect();
        final Future<Tuple> taken = executor.submit(() -> space.in(TASK));
        awaitWaitingRequests(1);

        server.close();

        assertThatThrownBy(() -> taken.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(TupleSpaceClosedException.class)
            .hasMessageContaining("the tuple space server is stopping");
        assertThatThrownBy(() -> space.out(Tuple.of("task", 1L))).isInstanceOf(TupleSpaceClosedException.class);
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefusedAndTheFirstKeepsServing()
    {
        final TupleSpace space = connect();

        assertThatThrownBy(() -> TupleSpaceServer.launch(new ServerContext().dir(dir).termLength(64 * 1024)))
            .isInstanceOf(TupleSpaceServer.ServerStartException.class)
            .hasMessageContaining("already running in " + dir);
        space.out(Tuple.of("task", 1L));
        assertThat(space.inp(TASK)).contains(Tuple.of("task", 1L));
    }

    @Test
    void theDirectoryIsAccessibleToTheServersUserOnly() throws Exception
    {
        assertThat(java.nio.file.Files.getPosixFilePermissions(java.nio.file.Path.of(dir)))
            .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    private void awaitWaitingRequests(final long expected)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TupleSpaceCounters.valueOf(
            server.aeron().countersReader(), TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID) != expected)
        {
            assertThat(System.nanoTime()).as("waiting requests never reached %d", expected).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
