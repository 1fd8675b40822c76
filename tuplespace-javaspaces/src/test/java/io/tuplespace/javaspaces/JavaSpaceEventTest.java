package io.tuplespace.javaspaces;

import net.jini.core.event.EventRegistration;
import net.jini.core.event.RemoteEvent;
import net.jini.core.event.RemoteEventListener;
import net.jini.core.event.UnknownEventException;
import net.jini.core.lease.Lease;
import net.jini.core.lease.UnknownLeaseException;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionFactory;
import net.jini.space.AvailabilityEvent;
import net.jini.space.JavaSpace;
import net.jini.space.JavaSpace05;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.rmi.MarshalledObject;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * notify and registerForAvailabilityEvent through a real server, from one client's writes to another's listener.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaSpaceEventTest
{
    private final LinkedBlockingQueue<RemoteEvent> received = new LinkedBlockingQueue<>();
    private final RemoteEventListener listener = received::add;
    private ServerFixture fixture;
    private TupleSpaceJavaSpace space;
    private JavaSpace05 writer;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        space = fixture.connect();
        writer = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void notifyNumbersTheEventsOfMatchingWritesFromOneWithTheHandback() throws Exception
    {
        final MarshalledObject<String> handback = new MarshalledObject<>("mine");
        final EventRegistration registration =
            space.notify(new Entries.Task(), null, listener, Lease.FOREVER, handback);

        writer.write(new Entries.Task(1L, "a"), null, Lease.FOREVER);
        writer.write(new Entries.Result(1L, 1.0), null, Lease.FOREVER);
        writer.write(new Entries.UrgentTask(2L, "b", 1, null), null, Lease.FOREVER);
        writer.write(new Entries.Task(3L, "c"), null, Lease.FOREVER);

        for (long sequence = 1; sequence <= 3; sequence++)
        {
            final RemoteEvent event = next();
            assertThat(event.getSequenceNumber()).isEqualTo(sequence);
            assertThat(event.getID()).isEqualTo(registration.getID());
            assertThat(event.getSource()).isSameAs(space);
            assertThat(event.getRegistrationObject().get()).isEqualTo("mine");
        }
        assertThat(registration.getSource()).isSameAs(space);
    }

    @Test
    void aCancelledRegistrationStopsItsEventsAndASecondCancelIsUnknown() throws Exception
    {
        final EventRegistration registration = space.notify(new Entries.Task(), null, listener, Lease.ANY, null);

        registration.getLease().cancel();
        writer.write(new Entries.Task(1L, "a"), null, Lease.FOREVER);
        final EventRegistration witness = space.notify(new Entries.Result(), null, listener, Lease.FOREVER, null);
        writer.write(new Entries.Result(1L, 1.0), null, Lease.FOREVER);

        assertThat(next().getID()).as("only the witness fires").isEqualTo(witness.getID());
        assertThatThrownBy(() -> registration.getLease().cancel()).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void aListenerThatDoesNotKnowTheEventEndsTheRegistration() throws Exception
    {
        final EventRegistration registration = space.notify(new Entries.Task(), null, event ->
        {
            received.add(event);
            throw new UnknownEventException("not mine");
        }, Lease.FOREVER, null);

        writer.write(new Entries.Task(1L, "a"), null, Lease.FOREVER);
        assertThat(next().getSequenceNumber()).isEqualTo(1);

        ServerFixture.await(() -> isCancelled(registration), "the registration was never cancelled");
    }

    @Test
    void notifyUnderATransactionSeesItsWritesAndEndsWithIt() throws Exception
    {
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;
        final EventRegistration inside = space.notify(new Entries.Task(), txn, listener, Lease.FOREVER, null);

        space.write(new Entries.Task(1L, "a"), txn, Lease.FOREVER);
        final RemoteEvent event = next();
        assertThat(event.getID()).isEqualTo(inside.getID());
        assertThat(event.getSequenceNumber()).isEqualTo(1);

        txn.commit();
        assertThatThrownBy(() -> inside.getLease().renew(Lease.FOREVER)).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void availabilityUnderATransactionSeesEntriesWrittenUnderIt() throws Exception
    {
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;
        final EventRegistration inside = space.registerForAvailabilityEvent(
            List.of(new Entries.Task()), txn, true, listener, Lease.FOREVER, null);

        space.write(new Entries.Task(1L, "a"), txn, Lease.FOREVER);

        final AvailabilityEvent event = (AvailabilityEvent)next();
        assertThat(event.getID()).isEqualTo(inside.getID());
        assertThat(event.getEntry()).isEqualTo(new Entries.Task(1L, "a"));
        txn.abort();
        assertThatThrownBy(() -> inside.getLease().cancel()).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void availabilityFiresWhenAnAbortRestoresAnEntry() throws Exception
    {
        writer.write(new Entries.Task(1L, "a"), null, Lease.FOREVER);
        final Transaction txn = TransactionFactory.create(space.transactionManager(), 60_000).transaction;
        space.take(new Entries.Task(), txn, JavaSpace.NO_WAIT);
        space.registerForAvailabilityEvent(List.of(new Entries.Task()), null, true, listener, Lease.FOREVER, null);

        txn.abort();

        final AvailabilityEvent event = (AvailabilityEvent)next();
        assertThat(event.getEntry()).isEqualTo(new Entries.Task(1L, "a"));
        assertThat(event.getSnapshot()).isEqualTo(new Entries.Task(1L, "a"));
        assertThat(event.isVisibilityTransition()).isTrue();
        assertThat(event.getSequenceNumber()).isEqualTo(1);
    }

    @Test
    void anEntryMatchingSeveralTemplatesFiresOneEventPerTransition() throws Exception
    {
        space.registerForAvailabilityEvent(
            List.of(new Entries.Task(), new Entries.UrgentTask(), new Entries.Result()), null, false, listener,
            Lease.FOREVER, null);

        writer.write(new Entries.UrgentTask(1L, "u", 1, null), null, Lease.FOREVER);
        writer.write(new Entries.Result(2L, 2.0), null, Lease.FOREVER);

        final AvailabilityEvent first = (AvailabilityEvent)next();
        final AvailabilityEvent second = (AvailabilityEvent)next();
        assertThat(first.getEntry()).isEqualTo(new Entries.UrgentTask(1L, "u", 1, null));
        assertThat(first.getSequenceNumber()).isEqualTo(1);
        assertThat(second.getEntry()).isEqualTo(new Entries.Result(2L, 2.0));
        assertThat(second.getSequenceNumber()).isEqualTo(2);
        assertThat(second.getID()).isEqualTo(first.getID());
        assertThat(received.poll()).as("no duplicate for the entry that matches two templates").isNull();
    }

    @Test
    void availabilityChecksItsArguments()
    {
        assertThatThrownBy(() -> space.registerForAvailabilityEvent(List.of(), null, true, listener, Lease.ANY, null))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> space.registerForAvailabilityEvent(
            List.of(new Entries.Task()), null, true, listener, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> space.registerForAvailabilityEvent(
            List.of(new Entries.Task()), null, true, null, Lease.ANY, null)).isInstanceOf(NullPointerException.class);
    }

    private RemoteEvent next() throws InterruptedException
    {
        final RemoteEvent event = received.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("no event within 10 s").isNotNull();
        return event;
    }

    private static boolean isCancelled(final EventRegistration registration)
    {
        try
        {
            registration.getLease().renew(Lease.FOREVER);
            return false;
        }
        catch (final UnknownLeaseException ex)
        {
            return true;
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
