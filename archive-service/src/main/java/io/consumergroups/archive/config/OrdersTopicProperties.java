package io.consumergroups.archive.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shape of the {@code orders} topic, shared with the other services through the same
 * property.
 *
 * @param partitions how many partitions {@code orders} has, and so
 * {@code archive-service.DLT}
 */
@ConfigurationProperties("orders.topic")
public record OrdersTopicProperties(@DefaultValue("6") int partitions) {

}
