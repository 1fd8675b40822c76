package io.tuplespace.client;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client lets go of the registrations that have ended, so a long-running program that registers again and again
 * does not grow: the listeners of registrations whose lease ran out without a renew or cancel, and the ids it
 * watches to drop late events of cancelled ones. White-box: it reads the client's count of what it holds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistrationCleanupTest
{
    private static final Template JOB = Template.of("job", Formal.LONG);

    private final ServerFixture fixture = new ServerFixture();
    private final TupleSpace space = fixture.connect();
    private final LinkedBlockingQueue<TupleEvent> events = new LinkedBlockingQueue<>();

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void theListenerOfARegistrationWhoseLeaseRanOutIsDroppedAndOneForEverIsKept() throws InterruptedException
    {
        final Registration forever = space.notify(JOB, Lease.FOREVER, events::add);
        space.notify(JOB, Duration.ofMillis(200), events::add);
        assertThat(space.heldRegistrationCount()).isEqualTo(3);

        awaitHeld(1);
        assertKeptListener(forever);
    }

    @Test
    void aRenewedRegistrationIsKeptPastItsFirstLease() throws InterruptedException
    {
        final Registration renewed = space.notify(JOB, Duration.ofMillis(200), events::add);
        renewed.renew(Duration.ofSeconds(60));
        space.notify(JOB, Duration.ofMillis(200), events::add);

        awaitHeld(2);
        assertKeptListener(renewed);
        renewed.cancel();
        awaitHeld(0);
    }

    @Test
    void cancelledRegistrationsAreForgottenOnceTheirEventsCanNoLongerCome()
    {
        final List<Registration> registrations = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            registrations.add(space.notify(JOB, Duration.ofSeconds(60), event -> {}));
        }
        registrations.forEach(Registration::cancel);

        awaitHeld(0);
    }

    /**
     * The registration still delivers, and only it: the others' listeners are gone and the server has ended them.
     */
    private void assertKeptListener(final Registration kept) throws InterruptedException
    {
        space.out(Tuple.of("job", 1L));

        final TupleEvent event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.registrationId()).isEqualTo(kept.id());
        assertThat(events.poll(100, TimeUnit.MILLISECONDS)).as("an event of an ended registration").isNull();
    }

    /**
     * Wait, at most 10 s, until the client holds {@code expected}: one for each listener, each lease it tracks and
     * each cancelled id it still watches.
     */
    private void awaitHeld(final int expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (space.heldRegistrationCount() != expected)
        {
            assertThat(System.nanoTime() - deadlineNs)
                .as("the client holds %d, not %d", space.heldRegistrationCount(), expected).isNegative();
            Thread.onSpinWait();
        }
    }
}
