package io.tuplespace.server;

import io.aeron.exceptions.ConfigurationException;
import io.tuplespace.client.Lease;
import io.tuplespace.client.LimitExceededException;
import io.tuplespace.client.Registration;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.Limit;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Limits;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each limit flooded through real clients and a real server: the request that reaches the limit fails with a
 * {@link LimitExceededException} naming the limit and its value, nothing of it is applied, memory stays within
 * the limit, and the space keeps serving every client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsServerTest
{
    private static final Template JOB = Template.of("job", Formal.LONG);

    private ServerFixture fixture;
    private ExecutorService executor;

    @AfterEach
    void after()
    {
        if (null != executor)
        {
            executor.shutdownNow();
        }
        CloseHelper.quietClose(fixture);
    }

    @Test
    void aFloodOfOutsStopsAtTheStoredTuplesLimitAndTheSpaceKeepsServing()
    {
        start(new Limits().maxStoredTuples(1000));
        final TupleSpace producer = fixture.connect();
        final TupleSpace other = fixture.connect();

        final long accepted = floodUntilRefused(producer, new byte[0], Limit.STORED_TUPLES, 1000);

        assertThat(accepted).isEqualTo(1000);
        fixture.awaitCounter(TupleSpaceCounters.TUPLES_STORED_TYPE_ID, 1000);
        assertThatThrownBy(() -> other.out(Tuple.of("job", -1L)))
            .isInstanceOf(LimitExceededException.class)
            .hasMessageStartingWith("stored tuples limit of 1000 reached (tuplespace.max.stored.tuples)");
        assertThat(fixture.counter(TupleSpaceCounters.TUPLES_STORED_TYPE_ID)).isEqualTo(1000);

        assertThat(other.inp(JOB)).contains(Tuple.of("job", 0L));
        producer.out(Tuple.of("job", 1000L));
        assertThat(other.rdp(Template.of("job", 1000L))).isPresent();
        fixture.awaitCounter(TupleSpaceCounters.TUPLES_STORED_TYPE_ID, 1000);
    }

    @Test
    void storedMemoryNeverExceedsTheStoredBytesLimitWhileTwoClientsFlood() throws Exception
    {
        final long limit = 2 * 1024 * 1024;
        start(new Limits().maxStoredBytes(limit));
        final TupleSpace first = fixture.connect();
        final TupleSpace second = fixture.connect();
        final TupleSpace reader = fixture.connect();
        executor = Executors.newFixedThreadPool(3);
        final AtomicBoolean isFlooding = new AtomicBoolean(true);
        final AtomicLong maxRecordBytes = new AtomicLong();
        final AtomicLong maxEncodedBytes = new AtomicLong();
        final Future<?> sampler = executor.submit(() ->
        {
            while (isFlooding.get())
            {
                maxRecordBytes.accumulateAndGet(
                    fixture.counter(TupleSpaceCounters.STORED_RECORD_BYTES_TYPE_ID), Math::max);
                maxEncodedBytes.accumulateAndGet(fixture.counter(TupleSpaceCounters.BYTES_STORED_TYPE_ID), Math::max);
            }
        });

        final byte[] payload = new byte[1000];
        final Future<Long> firstAccepted =
            executor.submit(() -> floodUntilRefused(first, payload, Limit.STORED_BYTES, limit));
        final Future<Long> secondAccepted =
            executor.submit(() -> floodUntilRefused(second, payload, Limit.STORED_BYTES, limit));
        final long accepted = firstAccepted.get(30, TimeUnit.SECONDS) + secondAccepted.get(30, TimeUnit.SECONDS);
        fixture.awaitCounter(TupleSpaceCounters.TUPLES_STORED_TYPE_ID, accepted);
        isFlooding.set(false);
        sampler.get(10, TimeUnit.SECONDS);

        // Each record (a bit over 1 KiB of encoding, 44 bytes of header and links) takes a 2 KiB block.
        assertThat(accepted).isEqualTo(limit / 2048);
        assertThat(maxRecordBytes.get()).isPositive().isLessThanOrEqualTo(limit);
        assertThat(maxEncodedBytes.get()).isPositive().isLessThanOrEqualTo(limit);
        assertThat(fixture.counter(TupleSpaceCounters.STORAGE_FOOTPRINT_BYTES_TYPE_ID))
            .as("the arena grows by 4 MiB chunks, so it holds at most one chunk beyond the limit, plus index tables")
            .isLessThanOrEqualTo(limit + 4 * 1024 * 1024 + 64 * 1024);
        assertThat(reader.inAll(Template.of("job", Formal.LONG, Formal.BYTES), 3, Duration.ZERO)).hasSize(3);
        first.out(Tuple.of("job", -1L, payload));
    }

    @Test
    void aPipelinedBatchThatWouldCrossTheLimitIsRefusedWhole()
    {
        start(new Limits().maxStoredTuples(1500));
        final TupleSpace producer = fixture.connect();
        final List<Tuple> tuples = new ArrayList<>();
        for (long i = 0; i < 2000; i++)
        {
            tuples.add(Tuple.of("job", i));
        }

        assertThatThrownBy(() -> producer.outAll(tuples))
            .isInstanceOfSatisfying(LimitExceededException.class, ex ->
            {
                assertThat(ex.limit()).isEqualTo(Limit.STORED_TUPLES);
                assertThat(ex.value()).isEqualTo(1500);
            })
            .hasMessageContaining("the tuples of its batch are not in the space");

        // Batches went in whole until one would have crossed the limit: that one and the rest are out entirely, so
        // the space holds a prefix of the tuples, fewer than the limit (a partial batch would have filled it).
        final List<Tuple> stored = new ArrayList<>();
        List<Tuple> page;
        while (!(page = producer.inAll(JOB, 2000, Duration.ZERO)).isEmpty())
        {
            stored.addAll(page);
        }
        assertThat(stored.size()).isBetween(1000, 1499);
        assertThat(stored).isEqualTo(tuples.subList(0, stored.size()));
    }

    @Test
    void aClientCannotHoldMoreRegistrationsThanTheLimitButOthersCan()
    {
        start(new Limits().maxRegistrationsPerClient(2));
        final TupleSpace watcher = fixture.connect();
        final TupleSpace otherWatcher = fixture.connect();
        final Registration first = watcher.notify(JOB, Lease.FOREVER, tuple -> { });
        watcher.notify(JOB, Lease.FOREVER, tuple -> { });

        assertThatThrownBy(() -> watcher.notify(JOB, Lease.FOREVER, tuple -> { }))
            .isInstanceOfSatisfying(LimitExceededException.class, ex ->
            {
                assertThat(ex.limit()).isEqualTo(Limit.REGISTRATIONS_PER_CLIENT);
                assertThat(ex.value()).isEqualTo(2);
            })
            .hasMessageStartingWith("registrations per client limit of 2 reached " +
                "(tuplespace.max.registrations.per.client)");
        otherWatcher.notify(JOB, Lease.FOREVER, tuple -> { });

        first.cancel();
        watcher.notify(JOB, Lease.FOREVER, tuple -> { });
    }

    @Test
    void aClientCannotHaveMoreRequestsWaitingThanTheLimitButOthersCan() throws Exception
    {
        start(new Limits().maxWaitingPerClient(4));
        final TupleSpace worker = fixture.connect();
        final TupleSpace otherWorker = fixture.connect();
        final TupleSpace producer = fixture.connect();
        executor = Executors.newFixedThreadPool(5);
        final List<Future<Tuple>> takes = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            takes.add(executor.submit(() -> worker.in(JOB)));
        }
        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 4);

        assertThatThrownBy(() -> worker.in(JOB))
            .isInstanceOfSatisfying(LimitExceededException.class, ex ->
            {
                assertThat(ex.limit()).isEqualTo(Limit.WAITING_REQUESTS_PER_CLIENT);
                assertThat(ex.value()).isEqualTo(4);
            })
            .hasMessageStartingWith("waiting requests per client limit of 4 reached " +
                "(tuplespace.max.waiting.per.client)");
        assertThat(worker.inp(JOB)).isEmpty();
        takes.add(executor.submit(() -> otherWorker.in(JOB)));
        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 5);

        for (long i = 0; i < 5; i++)
        {
            producer.out(Tuple.of("job", i));
        }
        final List<Long> taken = new ArrayList<>();
        for (final Future<Tuple> take : takes)
        {
            taken.add(take.get(10, TimeUnit.SECONDS).getLong(1));
        }
        assertThat(taken).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        assertThat(worker.in(JOB, Duration.ofMillis(1))).isEmpty();
    }

    @Test
    void aClientBeyondTheClientsLimitIsRefusedAtConnectAndAClosedOneFreesItsPlace()
    {
        start(new Limits().maxClients(2));
        final TupleSpace first = fixture.connect();
        final TupleSpace second = fixture.connect();

        assertThatThrownBy(fixture::connect)
            .isInstanceOfSatisfying(LimitExceededException.class, ex ->
            {
                assertThat(ex.limit()).isEqualTo(Limit.CLIENTS);
                assertThat(ex.value()).isEqualTo(2);
            })
            .hasMessageContaining("clients limit of 2 reached (tuplespace.max.clients)");
        second.out(Tuple.of("job", 1L));
        assertThat(first.inp(JOB)).contains(Tuple.of("job", 1L));

        second.close();
        final TupleSpace third = fixture.connect();
        third.out(Tuple.of("job", 2L));
        assertThat(first.inp(JOB)).contains(Tuple.of("job", 2L));
    }

    @Test
    void aClientCannotOpenMoreTransactionsThanTheLimitButOthersCan()
    {
        start(new Limits().maxTransactionsPerClient(8));
        final TupleSpace client = fixture.connect();
        final TupleSpace other = fixture.connect();
        final List<Transaction> open = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            open.add(client.begin(Duration.ofMinutes(1)));
        }

        assertThatThrownBy(() -> client.begin(Duration.ofMinutes(1)))
            .isInstanceOfSatisfying(LimitExceededException.class, ex ->
            {
                assertThat(ex.limit()).isEqualTo(Limit.TRANSACTIONS_PER_CLIENT);
                assertThat(ex.value()).isEqualTo(8);
            })
            .hasMessageContaining("(tuplespace.max.transactions.per.client)");
        other.begin(Duration.ofMinutes(1)).commit();

        open.get(0).commit();
        open.get(1).abort();
        client.begin(Duration.ofMinutes(1));
        client.begin(Duration.ofMinutes(1));
        assertThatThrownBy(() -> client.begin(Duration.ofMinutes(1))).isInstanceOf(LimitExceededException.class);
    }

    @Test
    void aTakeUnderATransactionIsRestoredByAbortInAFullSpace()
    {
        start(new Limits().maxStoredTuples(2));
        final TupleSpace producer = fixture.connect();
        final TupleSpace worker = fixture.connect();
        producer.out(Tuple.of("job", 1L));
        producer.out(Tuple.of("job", 2L));

        final Transaction transaction = worker.begin(Duration.ofMinutes(1));
        assertThat(worker.in(JOB, Duration.ZERO, transaction)).contains(Tuple.of("job", 1L));
        assertThatThrownBy(() -> producer.out(Tuple.of("job", 3L)))
            .isInstanceOfSatisfying(LimitExceededException.class,
                ex -> assertThat(ex.limit()).isEqualTo(Limit.STORED_TUPLES));

        transaction.abort();
        assertThat(producer.inp(JOB)).contains(Tuple.of("job", 1L));
        producer.out(Tuple.of("job", 3L));
        assertThat(producer.inAll(JOB, 10, Duration.ZERO)).containsExactly(Tuple.of("job", 2L), Tuple.of("job", 3L));
    }

    @Test
    void tuplesAndTemplatesWithTooManyFieldsAreRefusedByTheServer()
    {
        start(new Limits().maxTupleFields(4));
        final TupleSpace client = fixture.connect();

        assertThatThrownBy(() -> client.out(Tuple.of("job", 1L, 2L, 3L, 4L)))
            .isInstanceOfSatisfying(LimitExceededException.class, ex ->
            {
                assertThat(ex.limit()).isEqualTo(Limit.TUPLE_FIELDS);
                assertThat(ex.value()).isEqualTo(4);
            })
            .hasMessage("tuple fields limit of 4 exceeded (tuplespace.max.tuple.fields): tuple has 5 fields");
        assertThatThrownBy(() -> client.rdp(Template.of("job", 1L, 2L, 3L, Formal.LONG)))
            .isInstanceOf(LimitExceededException.class)
            .hasMessageEndingWith("template has 5 fields");

        client.out(Tuple.of("job", 1L, 2L, 3L));
        assertThat(client.rdp(Template.of("job", 1L, 2L, Formal.LONG))).isPresent();
    }

    @Test
    void aTupleOrTemplateOverTheTupleBytesLimitFailsInTheClientAndIsRefusedByTheServer()
    {
        start(new Limits().maxTupleBytes(200));
        // Keeps byte arrays inline: by default a tuple over the limit would send them through shared memory.
        final TupleSpace client = fixture.connect(fixture.clientContext().segmentThreshold(0));
        assertThat(client.maxTupleLength()).isEqualTo(200);
        final int framing = TupleCodec.encodedLength(Tuple.of("big", new byte[0]));

        assertThatThrownBy(() -> client.out(Tuple.of("big", new byte[200 - framing + 1])))
            .isInstanceOfSatisfying(LimitExceededException.class, ex ->
            {
                assertThat(ex.limit()).isEqualTo(Limit.TUPLE_BYTES);
                assertThat(ex.value()).isEqualTo(200);
            })
            .hasMessageContaining("tuple bytes limit of 200 exceeded (tuplespace.max.tuple.bytes")
            .hasMessageContaining("nothing was sent");
        assertThatThrownBy(() -> client.rdp(Template.of("big", new byte[200])))
            .isInstanceOf(LimitExceededException.class)
            .hasMessageContaining("template has ");
        client.out(Tuple.of("big", new byte[200 - framing]));

        // A client that skips the check (or has a larger limit of its own) is refused by the server.
        try (RawClient raw = new RawClient(fixture.dir()))
        {
            raw.sendConnect(1, io.tuplespace.codecs.MessageHeaderEncoder.SCHEMA_VERSION);
            raw.awaitResponse();
            raw.sendTake(2, Template.of("big", new byte[200]));
            assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
            final ErrorResponseDecoder error = raw.lastError();
            assertThat(error.correlationId()).isEqualTo(2);
            assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(error.exceededLimit()).isEqualTo(Limit.TUPLE_BYTES);
            assertThat(error.limitValue()).isEqualTo(200);
            assertThat(error.message()).startsWith("tuple bytes limit of 200 exceeded (tuplespace.max.tuple.bytes)");
        }
        assertThat(client.rdp(Template.of("big", Formal.BYTES))).isPresent();
    }

    @Test
    void aTemplateLargerThanARequestCarriesFailsInTheClientInsteadOfInAeron()
    {
        start(new Limits());
        final TupleSpace client = fixture.connect();

        assertThatThrownBy(() -> client.rdp(Template.of("big", new byte[64 * 1024])))
            .isInstanceOfSatisfying(LimitExceededException.class,
                ex -> assertThat(ex.limit()).isEqualTo(Limit.TUPLE_BYTES))
            .hasMessageContaining("tuplespace.term.length");
        client.out(Tuple.of("job", 1L));
        assertThat(client.rdp(JOB)).isPresent();
    }

    @Test
    void aTupleBytesLimitLargerThanTheTermCarriesIsAConfigurationError()
    {
        final ServerContext ctx = new ServerContext().termLength(64 * 1024).limits(new Limits().maxTupleBytes(9000));

        assertThatThrownBy(ctx::conclude)
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("tuplespace.max.tuple.bytes=9000")
            .hasMessageContaining("tuplespace.term.length");
    }

    private void start(final Limits limits)
    {
        fixture = new ServerFixture(new ServerContext().limits(limits));
    }

    /**
     * Out tuples until the server refuses one, checking the refusal names the limit and its value.
     *
     * @return how many were accepted.
     */
    private static long floodUntilRefused(
        final TupleSpace client, final byte[] payload, final Limit limit, final long value)
    {
        final long id = client.sessionId();
        for (long i = 0; ; i++)
        {
            try
            {
                client.out(0 == payload.length ? Tuple.of("job", i) : Tuple.of("job", i, payload));
            }
            catch (final LimitExceededException ex)
            {
                assertThat(ex.limit()).isEqualTo(limit);
                assertThat(ex.value()).isEqualTo(value);
                assertThat(ex.getMessage()).contains(Limits.describe(limit) + " limit of " + value + " reached (" +
                    Limits.propertyName(limit) + ")");
                return i;
            }
            assertThat(i).as("session %d never reached the limit", id).isLessThan(10_000_000);
        }
    }
}
