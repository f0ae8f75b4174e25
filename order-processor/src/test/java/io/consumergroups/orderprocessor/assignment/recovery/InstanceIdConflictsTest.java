package io.consumergroups.orderprocessor.assignment.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InstanceIdConflictsTest {

	private final List<String> refusals = new ArrayList<>();

	private final InstanceIdConflicts conflicts = new InstanceIdConflicts(this.refusals::add);

	private final MockConsumer<String, String> mock = new MockConsumer<>("earliest");

	private final Consumer<String, String> consumer = this.conflicts.watch(this.mock);

	@Test
	void shouldReportARefusedInstanceIdAndPassItOn() {
		this.mock.setPollException(new UnreleasedInstanceIdException("instance id order-processor-1 is owned"));

		assertThatExceptionOfType(UnreleasedInstanceIdException.class)
			.isThrownBy(() -> this.consumer.poll(Duration.ZERO))
			.withMessage("instance id order-processor-1 is owned");
		assertThat(this.refusals).containsExactly("instance id order-processor-1 is owned");
		assertThat(this.conflicts.conflict()).isEmpty();
	}

	@Test
	void shouldRememberAFencedInstanceIdAndPassItOn() {
		this.mock.setPollException(new FencedInstanceIdException("fenced"));

		assertThatExceptionOfType(FencedInstanceIdException.class).isThrownBy(() -> this.consumer.poll(Duration.ZERO))
			.withMessage("fenced");
		assertThat(this.conflicts.conflict()).contains("fenced");
		assertThat(this.refusals).isEmpty();
	}

	@Test
	void shouldPassOtherFailuresAndCallsThroughUnchanged() {
		this.consumer.subscribe(List.of("orders"));
		this.mock.setPollException(new TimeoutException("slow"));

		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> this.consumer.poll(Duration.ZERO));
		assertThat(this.consumer.subscription()).containsExactly("orders");
		assertThat(this.conflicts.conflict()).isEmpty();
		assertThat(this.refusals).isEmpty();
	}

}
