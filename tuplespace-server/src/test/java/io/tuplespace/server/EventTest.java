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
 * Notify and availability events through a real server, from one client's writes to another's listener.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventTest
{
    private static final Template JOB = Template.of("job", Formal.LONG);

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

    private TupleEvent next() throws InterruptedException
    {
        final TupleEvent event = received.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("no event within 10 s").isNotNull();
        return event;
    }
}
