package io.consumergroups.harness.group;

import java.util.List;
import java.util.Optional;

import io.consumergroups.harness.group.MemberNames.Identity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemberNamesTest {

	@Test
	void shouldNameAMemberByItsInstanceIdElseItsEndpointElseItsClientId() {
		// Given a static member, a streams member and a dynamic member
		List<Identity> members = List.of(
				new Identity("m-1", "order-processor-1-0", Optional.of("order-processor-1"), Optional.empty()),
				new Identity("m-2", "analytics-3f2-StreamThread-1", Optional.empty(), Optional.of("localhost:8084")),
				new Identity("m-3", "order-processor-2", Optional.empty(), Optional.empty()));

		// When
		List<String> names = MemberNames.of(members);

		// Then
		assertThat(names).containsExactly("order-processor-1", "localhost:8084", "order-processor-2");
	}

	@Test
	void shouldTellMembersThatDeclareTheSameNameApartByTheirMemberIds() {
		// Given a crashed dynamic member, not timed out yet, and its restart, both with
		// the
		// replica's client id, next to another replica
		List<Identity> members = List.of(new Identity("a1", "order-processor-1", Optional.empty(), Optional.empty()),
				new Identity("b2", "order-processor-1", Optional.empty(), Optional.empty()),
				new Identity("c3", "order-processor-2", Optional.empty(), Optional.empty()));

		// When
		List<String> names = MemberNames.of(members);

		// Then none hides another, and the one whose name is its own keeps it
		assertThat(names).containsExactly("order-processor-1/a1", "order-processor-1/b2", "order-processor-2");
	}

}
