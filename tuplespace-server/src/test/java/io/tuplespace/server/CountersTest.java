package io.tuplespace.server;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Registration;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.UnknownLeaseException;
import io.tuplespace.client.UnknownTransactionException;
import io.tuplespace.codecs.ConnectResponseDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.TransactionResponseDecoder;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The counters {@code bin/tuplespace stat} shows, read from the media driver's counters file while a real server
 * runs: operations by type, errors by code, open transactions, and transactions aborted as their client went.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CountersTest
{
    private static final Template TASK = Template.of("task", Formal.LONG);

    private ServerFixture fixture;
    private TupleSpace alice;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        alice = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void everyOperationIsCountedByType()
    {
        alice.out(Tuple.of("task", 1L));
        alice.outAll(List.of(Tuple.of("task", 2L), Tuple.of("task", 3L)));
        alice.rdp(TASK);
        alice.inp(TASK);
        alice.inAll(TASK, 5, Duration.ZERO);
        alice.contents(TASK, null).hasNext();
        final Lease lease = alice.out(Tuple.of("task", 4L), Duration.ofMinutes(1));
        lease.renew(Duration.ofMinutes(2));
        lease.cancel();
        final Transaction committed = alice.begin(Duration.ofMinutes(1));
        committed.renew(Duration.ofMinutes(2));
        committed.commit();
        alice.begin(Duration.ofMinutes(1)).abort();
        final Registration registration = alice.notify(TASK, Lease.FOREVER, event -> { });
        registration.cancel();

        awaitOperation(Operation.CONNECT, 1);
        awaitOperation(Operation.OUT, 2);
        awaitOperation(Operation.OUT_BATCH, 1);
        awaitOperation(Operation.READ, 1);
        awaitOperation(Operation.TAKE, 2);
        awaitOperation(Operation.READ_PAGE, 1);
        awaitOperation(Operation.LEASE_RENEW, 1);
        awaitOperation(Operation.LEASE_CANCEL, 1);
        awaitOperation(Operation.TRANSACTION_BEGIN, 2);
        awaitOperation(Operation.TRANSACTION_RENEW, 1);
        awaitOperation(Operation.TRANSACTION_COMMIT, 1);
        awaitOperation(Operation.TRANSACTION_ABORT, 1);
        awaitOperation(Operation.NOTIFY_REGISTER, 1);
        awaitOperation(Operation.NOTIFY_CANCEL, 1);
        awaitOperation(Operation.DISCONNECT, 0);
        assertThat(fixture.counter(TupleSpaceCounters.OUT_OPERATIONS_TYPE_ID)).as("tuples written").isEqualTo(4);

        alice.close();
        awaitOperation(Operation.DISCONNECT, 1);
    }

    @Test
    void errorsAreCountedByCode()
    {
        final Transaction transaction = alice.begin(Duration.ofMinutes(1));
        transaction.commit();
        assertThatThrownBy(transaction::commit).isInstanceOf(UnknownTransactionException.class);
        assertThatThrownBy(transaction::abort).isInstanceOf(UnknownTransactionException.class);
        final Lease lease = alice.out(Tuple.of("task", 1L), Duration.ofMinutes(1));
        lease.cancel();
        assertThatThrownBy(lease::cancel).isInstanceOf(UnknownLeaseException.class);

        fixture.awaitCounter(TupleSpaceCounters.ERRORS_BY_CODE_TYPE_ID, ErrorCode.UNKNOWN_TRANSACTION.value(), 2);
        fixture.awaitCounter(TupleSpaceCounters.ERRORS_BY_CODE_TYPE_ID, ErrorCode.UNKNOWN_LEASE.value(), 1);
        fixture.awaitCounter(TupleSpaceCounters.ERRORS_BY_CODE_TYPE_ID, ErrorCode.MALFORMED_MESSAGE.value(), 0);
        assertThat(fixture.counter(TupleSpaceCounters.ERRORS_TYPE_ID)).as("all errors").isEqualTo(3);
    }

    @Test
    void openTransactionsAreCountedUntilTheyEnd()
    {
        final Transaction first = alice.begin(Duration.ofMinutes(1));
        final Transaction second = alice.begin(Duration.ofMinutes(1));
        fixture.awaitCounter(TupleSpaceCounters.OPEN_TRANSACTIONS_TYPE_ID, 2);

        first.commit();
        fixture.awaitCounter(TupleSpaceCounters.OPEN_TRANSACTIONS_TYPE_ID, 1);
        second.abort();
        fixture.awaitCounter(TupleSpaceCounters.OPEN_TRANSACTIONS_TYPE_ID, 0);
        assertThat(fixture.counter(TupleSpaceCounters.TRANSACTIONS_ABORTED_CLIENT_GONE_TYPE_ID)).isZero();
    }

    @Test
    void aTransactionAbortedBecauseItsClientClosedIsCountedAndItsTakeRestored()
    {
        alice.out(Tuple.of("task", 1L));
        final TupleSpace bob = fixture.connect();
        final Transaction transaction = bob.begin(Duration.ofMinutes(1));
        assertThat(bob.in(TASK, Duration.ZERO, transaction)).contains(Tuple.of("task", 1L));

        bob.close();

        fixture.awaitCounter(TupleSpaceCounters.TRANSACTIONS_ABORTED_CLIENT_GONE_TYPE_ID, 1);
        fixture.awaitCounter(TupleSpaceCounters.OPEN_TRANSACTIONS_TYPE_ID, 0);
        assertThat(alice.inp(TASK)).contains(Tuple.of("task", 1L));
    }

    @Test
    void aTransactionAbortedBecauseItsClientVanishedIsCounted()
    {
        final RawClient raw = new RawClient(fixture.dir());
        try
        {
            final FuzzSeeds frames = new FuzzSeeds();
            raw.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION);
            assertThat(raw.awaitResponse()).isEqualTo(ConnectResponseDecoder.TEMPLATE_ID);
            raw.sendBytes(frames.beginTransaction());
            assertThat(raw.awaitResponse()).isEqualTo(TransactionResponseDecoder.TEMPLATE_ID);
            fixture.awaitCounter(TupleSpaceCounters.OPEN_TRANSACTIONS_TYPE_ID, 1);
        }
        finally
        {
            // Gone without a DisconnectRequest, as a killed process is: the server only sees its image go.
            CloseHelper.close(raw);
        }

        fixture.awaitCounter(TupleSpaceCounters.TRANSACTIONS_ABORTED_CLIENT_GONE_TYPE_ID, 1);
        fixture.awaitCounter(TupleSpaceCounters.OPEN_TRANSACTIONS_TYPE_ID, 0);
    }

    private void awaitOperation(final Operation operation, final long expected)
    {
        fixture.awaitCounter(TupleSpaceCounters.OPERATIONS_TYPE_ID, operation.code(), expected);
    }
}
