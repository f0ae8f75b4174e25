package io.consumergroups.orderprocessor.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shape of the {@code orders} topic, shared with order-producer through the same
 * property.
 *
 * @param partitions how many partitions {@code orders} has, and so {@code order-status}
 * and {@code orders.DLT}
 */
@ConfigurationProperties("orders.topic")
public record OrdersTopicProperties(@DefaultValue("6") int partitions) {

}
