package io.tuplespace.server;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Registration;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleEvent;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.UnknownLeaseException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Through a real server, between two clients: registrations under a transaction (they see its writes, and end
 * with it), and readIfExists/takeIfExists waiting only while a match is held by the other client's transaction.
 * The IfExists waits use timeouts far longer than the test's own: one that returns did so for the reason asserted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionScopeTest
{
    private static final Template JOB = Template.of("job", Formal.LONG);
    private static final Tuple JOB_1 = Tuple.of("job", 1L);
    private static final Duration LONG_WAIT = Duration.ofMinutes(10);

    private final LinkedBlockingQueue<TupleEvent> received = new LinkedBlockingQueue<>();
    private ServerFixture fixture;
    private TupleSpace first;
    private TupleSpace second;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        first = fixture.connect();
        second = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void notifyUnderATransactionSeesItsWritesAtOnceAndEndsAtCommit() throws InterruptedException
    {
        final Transaction txn = first.begin(Duration.ofMinutes(1));
        final Registration inside = first.notify(JOB, Lease.FOREVER, txn, received::add);
        final Registration outside = first.notify(JOB, Lease.FOREVER, received::add);

        first.out(JOB_1, txn);
        assertThat(next()).isEqualTo(new TupleEvent(inside.id(), 1, JOB_1));
        txn.commit();
        assertThat(next()).isEqualTo(new TupleEvent(outside.id(), 1, JOB_1));

        second.out(Tuple.of("job", 2L));
        // Events reach a client in order: the outside registration's event comes after any the inside one got.
        assertThat(next()).isEqualTo(new TupleEvent(outside.id(), 2, Tuple.of("job", 2L)));
        assertThat(received).isEmpty();
        assertThatThrownBy(() -> inside.renew(Duration.ofMinutes(1))).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void availabilityUnderATransactionEndsAtAbortAndAnEndedTransactionIsRefused() throws InterruptedException
    {
        final Transaction txn = first.begin(Duration.ofMinutes(1));
        final Registration inside = first.registerForAvailability(JOB, false, Lease.FOREVER, txn, received::add);
        first.out(JOB_1, txn);
        assertThat(next()).isEqualTo(new TupleEvent(inside.id(), 1, JOB_1));

        txn.abort();

        assertThatThrownBy(() -> inside.cancel()).isInstanceOf(UnknownLeaseException.class);
        assertThatThrownBy(() -> first.notify(JOB, Lease.FOREVER, txn, received::add))
            .isInstanceOf(UnknownTransactionException.class);
    }

    @Test
    void ifExistsReturnsAtOnceWhenNothingMatchesWhateverTheTimeout()
    {
        second.out(Tuple.of("other", 1L));

        assertThat(first.inIfExists(JOB, LONG_WAIT, null)).isEmpty();
        assertThat(first.rdIfExists(JOB, null, null)).isEmpty();
    }

    @Test
    void takeIfExistsWaitsForATupleTakenUnderTheOtherClientsTransactionAndGetsItAtTheAbort() throws Exception
    {
        second.out(JOB_1);
        final Transaction holder = second.begin(Duration.ofMinutes(1));
        assertThat(second.in(JOB, Duration.ZERO, holder)).contains(JOB_1);

        final CompletableFuture<Optional<Tuple>> taken =
            CompletableFuture.supplyAsync(() -> first.inIfExists(JOB, LONG_WAIT, null));
        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);
        holder.abort();

        assertThat(taken.get(30, TimeUnit.SECONDS)).contains(JOB_1);
        assertThat(second.rdp(JOB)).isEmpty();
    }

    @Test
    void readIfExistsWaitingOnTheOtherClientsTakeReturnsEmptyAtItsCommit() throws Exception
    {
        second.out(JOB_1);
        final Transaction holder = second.begin(Duration.ofMinutes(1));
        assertThat(second.in(JOB, Duration.ZERO, holder)).contains(JOB_1);

        final CompletableFuture<Optional<Tuple>> read =
            CompletableFuture.supplyAsync(() -> first.rdIfExists(JOB, LONG_WAIT, null));
        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);
        holder.commit();

        assertThat(read.get(30, TimeUnit.SECONDS)).isEmpty();
        fixture.awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 0);
    }

    @Test
    void aReadLockStopsTakeIfExistsButNotReadIfExistsAndTheTimeoutEndsTheWait()
    {
        second.out(JOB_1);
        final Transaction reader = second.begin(Duration.ofMinutes(1));
        assertThat(second.rd(JOB, Duration.ZERO, reader)).contains(JOB_1);

        assertThat(first.rdIfExists(JOB, LONG_WAIT, null)).contains(JOB_1);
        assertThat(first.inIfExists(JOB, Duration.ofMillis(50), null)).isEmpty();
        assertThat(first.inIfExists(JOB, Duration.ZERO, null)).isEmpty();
        reader.commit();
        assertThat(first.inIfExists(JOB, Duration.ZERO, null)).contains(JOB_1);
    }

    private TupleEvent next() throws InterruptedException
    {
        final TupleEvent event = received.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }
}
