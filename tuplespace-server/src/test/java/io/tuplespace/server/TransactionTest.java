package io.tuplespace.server;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.UnknownTransactionException;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactions through a real server, two clients: visibility, commit, abort (complete when it returns), locks
 * taken by reads, a blocked take woken by an abort, a client that closes with a transaction open, and leases: one
 * that runs out aborts the transaction, one renewed keeps it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionTest
{
    private static final Template JOB = Template.of("job", Formal.LONG);
    private static final Duration SHORT_LEASE = Duration.ofMillis(500);
    private static final Duration BEYOND_SHORT_LEASE = SHORT_LEASE.plusMillis(100);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private ServerFixture fixture;
    private TupleSpace alice;
    private TupleSpace bob;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        alice = fixture.connect();
        bob = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        executor.shutdownNow();
        fixture.close();
    }

    @Test
    void anOutIsVisibleToOthersOnlyAfterCommit()
    {
        final Transaction txn = alice.begin(Duration.ofSeconds(30));
        alice.out(Tuple.of("job", 1L), txn);

        assertThat(bob.rdp(JOB)).isEmpty();
        assertThat(alice.rd(JOB, Duration.ZERO, txn)).contains(Tuple.of("job", 1L));

        txn.commit();
        assertThat(bob.rdp(JOB)).contains(Tuple.of("job", 1L));
    }

    @Test
    void abortIsCompleteWhenItReturns()
    {
        bob.out(Tuple.of("job", 1L));
        final Transaction txn = alice.begin(Duration.ofSeconds(30));
        assertThat(alice.in(JOB, Duration.ZERO, txn)).contains(Tuple.of("job", 1L));
        assertThat(bob.rdp(JOB)).isEmpty();

        txn.abort();

        assertThat(bob.rdp(JOB)).contains(Tuple.of("job", 1L));
        assertThatThrownBy(txn::commit).isInstanceOf(UnknownTransactionException.class);
    }

    @Test
    void aReadUnderATransactionKeepsOthersFromTakingUntilItEnds()
    {
        bob.out(Tuple.of("job", 1L));
        try (Transaction txn = alice.begin(Duration.ofSeconds(30)))
        {
            assertThat(alice.rd(JOB, Duration.ZERO, txn)).isPresent();
            assertThat(bob.rdp(JOB)).isPresent();
            assertThat(bob.inp(JOB)).isEmpty();
        }
        assertThat(bob.inp(JOB)).contains(Tuple.of("job", 1L));
    }

    @Test
    void aBlockedTakeWakesWhenAnAbortRestoresTheTuple() throws Exception
    {
        bob.out(Tuple.of("job", 1L));
        final Transaction txn = alice.begin(Duration.ofSeconds(30));
        alice.in(JOB, Duration.ZERO, txn);
        final Future<Tuple> blocked = executor.submit(() -> bob.in(JOB));
        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);

        txn.abort();

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo(Tuple.of("job", 1L));
    }

    @Test
    void aClientThatClosesAbortsItsOpenTransactions()
    {
        bob.out(Tuple.of("job", 1L));
        final TupleSpace carol = fixture.connect();
        final Transaction txn = carol.begin(Lease.FOREVER);
        assertThat(carol.in(JOB, Duration.ZERO, txn)).isPresent();

        carol.close();

        assertThat(bob.in(JOB, Duration.ofSeconds(10))).contains(Tuple.of("job", 1L));
    }

    @Test
    void aTransactionWhoseLeaseRunsOutIsAbortedByTheServerAndIsThenUnknown()
    {
        bob.out(Tuple.of("job", 1L));
        final Transaction txn = alice.begin(SHORT_LEASE);
        assertThat(alice.in(JOB, Duration.ZERO, txn)).contains(Tuple.of("job", 1L));
        assertThat(bob.rdp(JOB)).isEmpty();

        // A waiting rd gets the tuple when the server's abort restores it; nothing else can end the transaction.
        assertThat(bob.rd(JOB, Duration.ofSeconds(10))).contains(Tuple.of("job", 1L));

        assertThatThrownBy(() -> alice.in(JOB, Duration.ZERO, txn)).isInstanceOf(UnknownTransactionException.class);
        assertThatThrownBy(() -> alice.out(Tuple.of("job", 2L), txn)).isInstanceOf(UnknownTransactionException.class);
        assertThatThrownBy(() -> txn.renew(Duration.ofSeconds(30))).isInstanceOf(UnknownTransactionException.class);
        assertThatThrownBy(txn::commit).isInstanceOf(UnknownTransactionException.class);
        assertThat(bob.inp(JOB)).contains(Tuple.of("job", 1L));
        assertThat(bob.rdp(JOB)).as("the out under the ended transaction wrote nothing").isEmpty();
    }

    @Test
    void aRenewedTransactionOutlivesItsFirstLeaseStillHoldingItsTakeAndCommits()
    {
        bob.out(Tuple.of("job", 1L));
        final Transaction txn = alice.begin(SHORT_LEASE);
        assertThat(alice.in(JOB, Duration.ZERO, txn)).contains(Tuple.of("job", 1L));

        txn.renew(Duration.ofSeconds(30));

        // Waits out the first lease on the server's clock, without sleeping: an abort meanwhile would answer it.
        assertThat(bob.rd(JOB, BEYOND_SHORT_LEASE)).isEmpty();
        assertThat(bob.inp(JOB)).isEmpty();
        txn.commit();
        assertThat(bob.rdp(JOB)).as("the take is final").isEmpty();
    }
}
