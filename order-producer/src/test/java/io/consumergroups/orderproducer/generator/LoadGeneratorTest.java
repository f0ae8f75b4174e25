package io.consumergroups.orderproducer.generator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.consumergroups.orderproducer.OrdersProperties;
import io.consumergroups.orderproducer.order.OrderIds;
import io.consumergroups.orderproducer.order.OrderPublisher;
import io.consumergroups.orderproducer.order.PublishedOrder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;

/**
 * The generator's pacing, driven tick by tick: no scheduler thread, no sleeping.
 */
class LoadGeneratorTest {

	private final OrderPublisher publisher = mock(OrderPublisher.class);

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final RandomOrders orders = new RandomOrders(new OrderIds(), Clock.systemUTC(), 50, new Random(42));

	@BeforeEach
	void acknowledgeEveryOrder() {
		given(this.publisher.send(any()))
			.willReturn(CompletableFuture.completedFuture(new PublishedOrder("order-1", 0, 0)));
	}

	@ParameterizedTest(name = "{0} orders/s")
	@ValueSource(ints = { 0, 1, 3, 7, 10, 15, 99, 250, 1001, 10_000 })
	void shouldSendExactlyRateOrdersInEverySecondOfTicks(int rate) {
		// Given
		LoadGenerator generator = generatorAt(rate);

		// When
		List<Integer> perSecond = new ArrayList<>();
		for (int second = 0; second < 3; second++) {
			perSecond.add(sendsDuring(generator, LoadGenerator.TICKS_PER_SECOND));
		}

		// Then
		assertThat(perSecond).containsExactly(rate, rate, rate);
	}

	@Test
	void shouldSpreadARateThatIsNoMultipleOfTenEvenlyOverTheTicks() {
		// Given
		LoadGenerator generator = generatorAt(15);

		// When
		List<Integer> perTick = new ArrayList<>();
		for (int tick = 0; tick < 4; tick++) {
			perTick.add(sendsDuring(generator, 1));
		}

		// Then
		assertThat(perTick).containsExactly(1, 2, 1, 2);
	}

	@Test
	void shouldApplyANewRateFromTheNextTick() {
		// Given
		LoadGenerator generator = generatorAt(10);
		int atTen = sendsDuring(generator, LoadGenerator.TICKS_PER_SECOND);

		// When
		generator.setRate(50);
		int atFifty = sendsDuring(generator, LoadGenerator.TICKS_PER_SECOND);
		generator.setRate(0);
		int atZero = sendsDuring(generator, LoadGenerator.TICKS_PER_SECOND);

		// Then
		assertThat(List.of(atTen, atFifty, atZero)).containsExactly(10, 50, 0);
		assertThat(generator.rate()).isZero();
		assertThat(this.registry.get("orders.generator.rate").gauge().value()).isZero();
	}

	@Test
	void shouldSkipTicksRatherThanBurstGivenTheTickerFellBehind() {
		// Given a generator that ticked on time for a second
		LoadGenerator generator = generatorAt(100);
		long tick = TimeUnit.SECONDS.toNanos(1) / LoadGenerator.TICKS_PER_SECOND;
		clearInvocations(this.publisher);
		for (int i = 0; i < 10; i++) {
			generator.onSchedule(i * tick);
		}
		int onTime = mockingDetails(this.publisher).getInvocations().size();

		// When a stall of 10 s leaves 100 ticks owed, which the scheduler runs at once
		clearInvocations(this.publisher);
		long afterStall = TimeUnit.SECONDS.toNanos(11);
		for (int i = 0; i < 100; i++) {
			generator.onSchedule(afterStall);
		}
		int caughtUp = mockingDetails(this.publisher).getInvocations().size();

		// Then only the last second's ticks send
		assertThat(onTime).isEqualTo(100);
		assertThat(caughtUp).isEqualTo(100);
	}

	@Test
	void shouldWarnOfAStallOnlyOnceAnOrderWasAcknowledged() {
		// Given a generator whose first orders wait for the cluster
		CompletableFuture<PublishedOrder> first = new CompletableFuture<>();
		given(this.publisher.send(any())).willReturn(first);
		LoadGenerator generator = generatorAt(100);
		long second = TimeUnit.SECONDS.toNanos(1);
		List<ILoggingEvent> logged = logged(() -> {
			// When the ticker falls behind at start-up, catches up, and falls behind
			// again after the first order was acknowledged
			generator.onSchedule(2 * second);
			generator.onSchedule(second / LoadGenerator.TICKS_PER_SECOND);
			first.complete(new PublishedOrder("order-1", 0, 0));
			generator.onSchedule(10 * second);
		});

		// Then the stall at start-up is news, the later one a warning
		assertThat(logged).filteredOn((event) -> event.getFormattedMessage().contains("behind schedule"))
			.extracting(ILoggingEvent::getLevel)
			.containsExactly(Level.INFO, Level.WARN);
	}

	private static List<ILoggingEvent> logged(Runnable logging) {
		Logger logger = (Logger) LoggerFactory.getLogger(LoadGenerator.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			logging.run();
			return appender.list;
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void shouldRejectARateOutsideZeroToTenThousand() {
		// Given
		LoadGenerator generator = generatorAt(5);

		// When / Then
		assertThatIllegalArgumentException().isThrownBy(() -> generator.setRate(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> generator.setRate(10_001));
		assertThat(generator.rate()).isEqualTo(5);
	}

	@Test
	void shouldCountAcknowledgedAndFailedOrders() {
		// Given
		given(this.publisher.send(any()))
			.willReturn(CompletableFuture.completedFuture(new PublishedOrder("order-1", 0, 0)))
			.willReturn(CompletableFuture.failedFuture(new TimeoutException("no metadata")));
		LoadGenerator generator = generatorAt(30);

		// When
		generator.tick();

		// Then
		assertThat(this.registry.get("orders.generated").tag("outcome", "acked").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("orders.generated").tag("outcome", "failed").counter().count()).isEqualTo(2);
	}

	@Test
	void shouldFlushOrdersStillInFlightWhenStopped() {
		// Given
		given(this.publisher.send(any())).willReturn(new CompletableFuture<>());
		LoadGenerator generator = generatorAt(10);
		generator.tick();

		// When
		generator.stop();

		// Then
		then(this.publisher).should().flush();
	}

	@Test
	void shouldNotFlushWhenEveryOrderIsAlreadyAcknowledged() {
		// Given
		LoadGenerator generator = generatorAt(10);
		generator.tick();

		// When
		generator.stop();

		// Then
		then(this.publisher).should(never()).flush();
	}

	@Test
	void shouldRunBetweenStartAndStop() {
		// Given
		LoadGenerator generator = generatorAt(0);

		// When
		generator.start();
		boolean runningAfterStart = generator.isRunning();
		generator.stop();

		// Then
		assertThat(runningAfterStart).isTrue();
		assertThat(generator.isRunning()).isFalse();
	}

	private LoadGenerator generatorAt(int rate) {
		OrdersProperties properties = new OrdersProperties(new OrdersProperties.Topic(6, null),
				new OrdersProperties.Publish(Duration.ofSeconds(12)), new OrdersProperties.Generator(rate, 50),
				new OrdersProperties.Api(DataSize.ofMegabytes(1)));
		return new LoadGenerator(this.publisher, this.orders, properties, this.registry);
	}

	private int sendsDuring(LoadGenerator generator, int ticks) {
		clearInvocations(this.publisher);
		for (int tick = 0; tick < ticks; tick++) {
			generator.tick();
		}
		return mockingDetails(this.publisher).getInvocations().size();
	}

}
