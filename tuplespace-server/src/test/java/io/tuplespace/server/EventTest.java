package io.tuplespace.server;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Registration;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleEvent;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.UnknownLeaseException;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Notify and availability events through a real server, from one client's writes to another's listener, and the
 * leases of their registrations.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventTest
{
    private static final Template JOB = Template.of("job", Formal.LONG);
    private static final Template MARKER = Template.of("marker");
    private static final Template NOTHING = Template.of("nothing");
    private static final Duration SHORT_LEASE = Duration.ofMillis(500);
    private static final Duration BEYOND_SHORT_LEASE = SHORT_LEASE.plusMillis(100);

    private final LinkedBlockingQueue<TupleEvent> received = new LinkedBlockingQueue<>();
    private ServerFixture fixture;
    private TupleSpace listener;
    private TupleSpace writer;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        listener = fixture.connect();
        writer = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void notifyDeliversEveryMatchingWriteInOrderNumberedFromOne() throws InterruptedException
    {
        final Registration registration = listener.notify(JOB, Lease.FOREVER, received::add);

        writer.out(Tuple.of("job", 1L));
        writer.out(Tuple.of("other", 1L));
        writer.out(Tuple.of("job", 2L));

        assertThat(next()).isEqualTo(new TupleEvent(registration.id(), 1, Tuple.of("job", 1L)));
        assertThat(next()).isEqualTo(new TupleEvent(registration.id(), 2, Tuple.of("job", 2L)));
    }

    @Test
    void aBurstOfEventsLargerThanTheListenersWindowArrivesWholeAndInOrder() throws InterruptedException
    {
        final Registration registration = listener.notify(JOB, Lease.FOREVER, received::add);
        final java.util.List<Tuple> burst = new java.util.ArrayList<>();
        for (long i = 1; i <= 20_000; i++)
        {
            burst.add(Tuple.of("job", i));
        }

        writer.outAll(burst);

        for (long i = 1; i <= 20_000; i++)
        {
            assertThat(next()).isEqualTo(new TupleEvent(registration.id(), i, Tuple.of("job", i)));
        }
        assertThat(listener.isClosed()).isFalse();
    }

    @Test
    void availabilityFiresWhenAnAbortRestoresATuple() throws InterruptedException
    {
        writer.out(Tuple.of("job", 1L));
        final Transaction txn = writer.begin(Duration.ofSeconds(30));
        writer.in(JOB, Duration.ZERO, txn);
        final Registration registration = listener.registerForAvailability(JOB, true, Lease.FOREVER, received::add);

        txn.abort();

        assertThat(next()).isEqualTo(new TupleEvent(registration.id(), 1, Tuple.of("job", 1L)));
    }

    @Test
    void aCancelledRegistrationStopsAndASecondCancelIsUnknown() throws InterruptedException
    {
        final Registration registration = listener.notify(JOB, Lease.FOREVER, received::add);
        registration.cancel();
        final Registration clock = listener.notify(Template.of("clock"), Lease.FOREVER, received::add);

        writer.out(Tuple.of("job", 1L));
        writer.out(Tuple.of("clock"));

        assertThat(next().registrationId()).isEqualTo(clock.id());
        assertThat(received).isEmpty();
        assertThatThrownBy(registration::cancel).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void aRegistrationWhoseLeaseRunsOutStopsDeliveringAndItsRenewAndCancelAreUnknown() throws InterruptedException
    {
        final Registration registration = listener.notify(JOB, SHORT_LEASE, received::add);
        writer.out(Tuple.of("job", 1L));
        assertThat(next()).isEqualTo(new TupleEvent(registration.id(), 1, Tuple.of("job", 1L)));

        waitOnTheServer(BEYOND_SHORT_LEASE);
        final Registration marker = listener.notify(MARKER, Lease.FOREVER, received::add);
        writer.out(Tuple.of("job", 2L));
        writer.out(Tuple.of("marker"));

        // Events come in the order of the writes: one for job 2 would come before the marker's.
        assertThat(next().registrationId()).isEqualTo(marker.id());
        assertThat(received).isEmpty();
        assertThatThrownBy(() -> registration.renew(Duration.ofSeconds(30)))
            .isInstanceOf(UnknownLeaseException.class);
        assertThatThrownBy(registration::cancel).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void aRenewedRegistrationKeepsDeliveringPastItsFirstTerm() throws InterruptedException
    {
        final Registration registration = listener.notify(JOB, SHORT_LEASE, received::add);

        registration.renew(Duration.ofSeconds(30));
        waitOnTheServer(BEYOND_SHORT_LEASE);
        writer.out(Tuple.of("job", 1L));

        assertThat(next()).isEqualTo(new TupleEvent(registration.id(), 1, Tuple.of("job", 1L)));
        registration.cancel();
    }

    /**
     * Let more than {@code duration} pass on the server's clock since everything the test did before, without
     * sleeping: a timed rd of a tuple nobody writes returns when the server times it out. Polling the registration's
     * renew instead would keep it alive. The server expires leases before the timed requests of the same instant.
     */
    private void waitOnTheServer(final Duration duration)
    {
        assertThat(writer.rd(NOTHING, duration)).isEmpty();
    }

    private TupleEvent next() throws InterruptedException
    {
        final TupleEvent event = received.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("no event within 10 s").isNotNull();
        return event;
    }
}
