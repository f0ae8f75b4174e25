package io.consumergroups.harness.group;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the members of a group are named, whatever the group's type: by the identity their
 * process declares, so that a test or a reader finds the replica it started. That is its
 * {@code group.instance.id}; else, in a streams group, its {@code application.server}
 * ({@code host:port}); else its {@code client.id}. Members that declare the same name
 * (two dynamic members of one replica, a crashed member not yet timed out next to its
 * restart) are each named {@code <name>/<member id>}, so that none hides another.
 */
final class MemberNames {

	private MemberNames() {
	}

	/**
	 * Name the members of one group.
	 * @param members every member of the group
	 * @return each member's name, in the order given
	 */
	static List<String> of(List<Identity> members) {
		Map<String, Long> declaredBy = members.stream()
			.collect(Collectors.groupingBy(Identity::declaredName, Collectors.counting()));
		return members.stream()
			.map((member) -> (declaredBy.get(member.declaredName()) > 1)
					? member.declaredName() + "/" + member.memberId() : member.declaredName())
			.toList();
	}

	/**
	 * What a member says of itself.
	 *
	 * @param memberId the id the coordinator gave it
	 * @param clientId its {@code client.id}
	 * @param instanceId its {@code group.instance.id}, if static
	 * @param endpoint its {@code application.server}, a streams member's
	 */
	record Identity(String memberId, String clientId, Optional<String> instanceId, Optional<String> endpoint) {

		String declaredName() {
			return this.instanceId.or(() -> this.endpoint).orElse(this.clientId);
		}

	}

}
