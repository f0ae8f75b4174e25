/**
 * What a replica does when the group goes wrong in ways that Kafka and Spring Kafka leave
 * to the application. Each class says which behaviour it works around and which test
 * proves it is still needed.
 * <ul>
 * <li>{@code UnownedPartitionsWatch} — partitions left without an owner when a static
 * member returns between the two rounds of a cooperative rebalance (classic).</li>
 * <li>{@code InstanceIdConflicts} — notices that another member holds this replica's
 * instance id.</li>
 * <li>{@code RefusedMemberRejoin} — a refused instance id (consumer protocol): joins
 * again once, in case the holder was its own crashed run, else stops.</li>
 * <li>{@code FencedMemberShutdown} — a fenced replica says why and stops instead of
 * staying up idle.</li>
 * </ul>
 */
package io.consumergroups.orderprocessor.assignment.recovery;
