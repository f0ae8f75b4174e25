package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The services' ACLs, as {@value #RESOURCE} lists them: one grant per line, each with
 * why. The file is the one place that says who may do what; this reads it into the
 * {@link AclBinding}s that {@code Admin#createAcls} takes.
 *
 * @param grants every grant, in the file's order
 */
public record ServiceAcls(List<Grant> grants) {

	/** The file, on the classpath of kafka-local. */
	public static final String RESOURCE = "acls.txt";

	private static final Pattern COLUMNS = Pattern.compile("\\s+");

	private static final Set<AclOperation> UNGRANTABLE = Set.of(AclOperation.ANY, AclOperation.UNKNOWN);

	public ServiceAcls {
		grants = List.copyOf(grants);
	}

	/**
	 * Reads {@value #RESOURCE} from the classpath.
	 * @return its grants
	 * @throws IllegalStateException if it is missing or a line is malformed
	 */
	public static ServiceAcls load() {
		try (InputStream in = ServiceAcls.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the classpath");
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + RESOURCE, ex);
		}
	}

	/**
	 * Reads grants in the format of {@value #RESOURCE}: blank lines and {@code #}
	 * comments are skipped; every other line is principal, resource type, name, pattern
	 * type, operation, and the reason, which is the rest of the line.
	 * @param text the file's content
	 * @return its grants
	 * @throws IllegalArgumentException naming the line that is malformed
	 */
	public static ServiceAcls parse(String text) {
		List<Grant> grants = new ArrayList<>();
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			try {
				grants.add(Grant.parse(line));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(RESOURCE + " line " + (i + 1) + ": " + ex.getMessage(), ex);
			}
		}
		return new ServiceAcls(grants);
	}

	/**
	 * The grants of one principal.
	 * @param principal the user name, e.g. {@code order-processor}
	 * @return its grants, none if it has none
	 */
	public List<Grant> grantsOf(String principal) {
		return this.grants.stream().filter((grant) -> grant.principal().equals(principal)).toList();
	}

	/**
	 * Every principal that has a grant: the users to create.
	 * @return the user names, in the file's order
	 */
	public Set<String> principals() {
		Set<String> principals = new LinkedHashSet<>();
		this.grants.forEach((grant) -> principals.add(grant.principal()));
		return principals;
	}

	/**
	 * The grants as Kafka ACL bindings.
	 * @return one ALLOW binding per grant, for any host
	 */
	public List<AclBinding> bindings() {
		return bindings(this.grants);
	}

	/**
	 * Grants as Kafka ACL bindings.
	 * @param grants the grants
	 * @return one ALLOW binding per grant, for any host
	 */
	public static List<AclBinding> bindings(Collection<Grant> grants) {
		return grants.stream().map(Grant::binding).toList();
	}

	/**
	 * One line of {@value #RESOURCE}: a principal may do an operation on the resources a
	 * pattern matches.
	 *
	 * @param principal the user name, without {@code User:}
	 * @param resourceType e.g. {@link ResourceType#TOPIC}
	 * @param resourceName a name, a prefix, or {@code *}
	 * @param patternType {@link PatternType#LITERAL} or {@link PatternType#PREFIXED}
	 * @param operation e.g. {@link AclOperation#READ}
	 * @param reason why the principal needs it
	 */
	public record Grant(String principal, ResourceType resourceType, String resourceName, PatternType patternType,
			AclOperation operation, String reason) {

		static Grant parse(String line) {
			String[] columns = COLUMNS.split(line, 6);
			if (columns.length < 6 || columns[5].isBlank()) {
				throw new IllegalArgumentException(
						"expected principal, resource type, name, pattern, operation and a " + "reason, was: " + line);
			}
			ResourceType resourceType = ResourceType.fromString(columns[1]);
			PatternType patternType = PatternType.fromString(columns[3]);
			AclOperation operation = AclOperation.fromString(columns[4]);
			if (resourceType == ResourceType.UNKNOWN || resourceType == ResourceType.ANY) {
				throw new IllegalArgumentException("unknown resource type " + columns[1]);
			}
			if (patternType != PatternType.LITERAL && patternType != PatternType.PREFIXED) {
				throw new IllegalArgumentException("the pattern is LITERAL or PREFIXED, not " + columns[3]);
			}
			if (UNGRANTABLE.contains(operation)) {
				throw new IllegalArgumentException("unknown operation " + columns[4]);
			}
			return new Grant(columns[0], resourceType, columns[2], patternType, operation, columns[5].strip());
		}

		/**
		 * This grant as a Kafka ACL binding.
		 * @return an ALLOW binding for {@code User:principal} from any host
		 */
		public AclBinding binding() {
			return new AclBinding(new ResourcePattern(this.resourceType, this.resourceName, this.patternType),
					new AccessControlEntry("User:" + this.principal, "*", this.operation, AclPermissionType.ALLOW));
		}

		/**
		 * The same grant for another principal, e.g. to start a service as a user that
		 * lacks one of its grants.
		 * @param other the other user name
		 * @return the grant, for {@code other}
		 */
		public Grant forPrincipal(String other) {
			return new Grant(other, this.resourceType, this.resourceName, this.patternType, this.operation,
					this.reason);
		}

		@Override
		public String toString() {
			return this.principal + " " + this.operation.name().toLowerCase(Locale.ROOT) + " "
					+ this.resourceType.name().toLowerCase(Locale.ROOT) + " " + this.resourceName
					+ ((this.patternType == PatternType.PREFIXED) ? "*" : "");
		}

	}

}
