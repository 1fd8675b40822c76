package io.tuplespace.server;

import io.tuplespace.client.Lease;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Leases through a real server: expiry, renewal, cancel, and unknown leases. A second leased tuple serves as the
 * clock: once it has expired, a tuple whose lease was longer must still be there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaseTest
{
    private static final Template JOB = Template.of("job", Formal.LONG);
    private static final Template CLOCK = Template.of("clock");

    private ServerFixture fixture;
    private TupleSpace space;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        space = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void aTupleLeavesTheSpaceWhenItsLeaseExpires()
    {
        final Lease lease = space.out(Tuple.of("job", 1L), Duration.ofMillis(200));

        assertThat(space.rdp(JOB)).isPresent();
        awaitGone(JOB);
        assertThatThrownBy(() -> lease.renew(Duration.ofSeconds(1))).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstTerm()
    {
        final Lease lease = space.out(Tuple.of("job", 1L), Duration.ofMillis(200));
        space.out(Tuple.of("clock"), Duration.ofMillis(400));

        lease.renew(Lease.FOREVER);
        awaitGone(CLOCK);

        assertThat(space.rdp(JOB)).isPresent();
        assertThat(lease.remaining()).isEqualTo(Lease.FOREVER);
    }

    @Test
    void cancelRemovesTheTupleAndASecondCancelIsUnknown()
    {
        final Lease lease = space.out(Tuple.of("job", 1L), Lease.FOREVER);

        lease.cancel();

        assertThat(space.rdp(JOB)).isEmpty();
        assertThatThrownBy(lease::cancel).isInstanceOf(UnknownLeaseException.class);
    }

    @Test
    void aTakenTuplesLeaseIsUnknown()
    {
        final Lease lease = space.out(Tuple.of("job", 1L), Duration.ofMinutes(1));

        assertThat(space.inp(JOB)).isPresent();

        assertThatThrownBy(lease::cancel).isInstanceOf(UnknownLeaseException.class)
            .hasMessageContaining("lease " + lease.id());
    }

    @Test
    void aLeaseMustBePositive()
    {
        assertThatThrownBy(() -> space.out(Tuple.of("job", 1L), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(space.rdp(JOB)).isEmpty();
    }

    private void awaitGone(final Template template)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (space.rdp(template).isPresent())
        {
            assertThat(System.nanoTime() - deadlineNs).as("%s never expired", template).isNegative();
        }
    }
}
