package io.tributary.config;

import java.time.Duration;

/**
 * How client-supplied event ids are remembered (see {@code io.tributary.idempotency.ClientIdLedger}).
 *
 * @param window how long a claim holds: a retry within it is dropped
 * @param maxIds claims the local ledger keeps in memory at most
 * @param cosmosContainer the Cosmos DB container of claims in Azure
 */
public record IdempotencySettings(Duration window, int maxIds, String cosmosContainer) {
}
